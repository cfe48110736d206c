using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Idempotency;

/// <summary>
/// Idempotency keys in Redis (<see cref="RedisKeys.IdempotencyKey"/>): a key is claimed atomically
/// (pending, with the request's fingerprint and the claimant's random owner id, for a short lease),
/// then holds the answer for <see cref="Retention"/>, or is released when the request changed nothing.
/// </summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis)
{
    /// <summary>How long an answered key is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    // The first request to arrive claims the key; the fingerprint is compared before the state, so
    // another request under a pending key is a mismatch too, not "in progress".
    private const string ClaimScript = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then
          redis.call('HSET', KEYS[1], 'state', 'pending', 'fingerprint', ARGV[1], 'owner', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return {'claimed'}
        end
        if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] then return {'mismatch'} end
        if state ~= 'answered' then return {'pending'} end
        return {'answered', redis.call('HGET', KEYS[1], 'status'), redis.call('HGET', KEYS[1], 'content_type') or '',
          redis.call('HGET', KEYS[1], 'location') or '', redis.call('HGET', KEYS[1], 'body') or ''}
        """;

    // Only the claimant's own pending claim is answered or released: a claim whose lease ran out and
    // was taken by another request is not overwritten.
    private const string AnswerScript = """
        if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return 0 end
        redis.call('HSET', KEYS[1], 'state', 'answered', 'status', ARGV[3], 'content_type', ARGV[4], 'location', ARGV[5], 'body', ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return 0 end
        return redis.call('DEL', KEYS[1])
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Claims <paramref name="key"/> in <paramref name="scope"/> for a request with <paramref name="fingerprint"/>
    /// (pending for <paramref name="lease"/>), or says who holds it and, once answered, the answer.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string fingerprint, string owner, TimeSpan lease)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ClaimScript, [RedisKeys.IdempotencyKey(scope, key)],
            [fingerprint, owner, (long)lease.TotalMilliseconds]))!;
        return (string?)result[0] switch
        {
            "claimed" => new IdempotencyClaim(IdempotencyClaimOutcome.Claimed),
            "mismatch" => new IdempotencyClaim(IdempotencyClaimOutcome.Mismatch),
            "pending" => new IdempotencyClaim(IdempotencyClaimOutcome.InProgress),
            _ => new IdempotencyClaim(IdempotencyClaimOutcome.Answered, new StoredAnswer(
                (int)result[1], NullIfEmpty((string?)result[2]), NullIfEmpty((string?)result[3]), (byte[]?)result[4] ?? [])),
        };
    }

    /// <summary>Keeps <paramref name="answer"/> under the owner's claim for <see cref="Retention"/>; false when the claim is no longer the owner's.</summary>
    public async Task<bool> AnswerAsync(string scope, string key, string owner, StoredAnswer answer) =>
        (long)await Db.ScriptEvaluateAsync(AnswerScript, [RedisKeys.IdempotencyKey(scope, key)],
            [owner, (long)Retention.TotalMilliseconds, answer.Status, answer.ContentType ?? "", answer.Location ?? "", answer.Body]) == 1;

    /// <summary>Frees the owner's pending claim, so the key can be used again (the request changed nothing).</summary>
    public async Task ReleaseAsync(string scope, string key, string owner) =>
        await Db.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.IdempotencyKey(scope, key)], [owner]);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
