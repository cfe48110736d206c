using System.Security.Cryptography;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Redis;

/// <summary>
/// A lease on a key (SET NX PX with a random token): while held, this process is the one writer.
/// Renew and release only succeed for the holder's own token, so a lease that expired and was
/// taken by another process is never released or extended by the old holder.
/// </summary>
public sealed class RedisLease
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string AcquireAsHolderScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return 1
        end
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly IDatabase _db;

    private RedisLease(IDatabase db, RedisKey key, string token)
    {
        _db = db;
        Key = key;
        Token = token;
    }

    public RedisKey Key { get; }

    /// <summary>The holder's token; writes that must be fenced check the key still holds it.</summary>
    public string Token { get; }

    /// <summary>Takes the lease if nobody holds it; null otherwise.</summary>
    public static async Task<RedisLease?> TryAcquireAsync(IDatabase db, RedisKey key, TimeSpan duration)
    {
        var token = NewHolder();
        return await db.StringSetAsync(key, token, duration, When.NotExists) ? new RedisLease(db, key, token) : null;
    }

    /// <summary>
    /// Takes the lease under <paramref name="holder"/>, a token the caller keeps for its lifetime, if nobody
    /// holds it or <paramref name="holder"/> already does: a take whose answer was lost (a timeout) has left
    /// the key set, and the same holder takes it again at once instead of waiting for it to expire.
    /// </summary>
    public static async Task<RedisLease?> TryAcquireAsync(IDatabase db, RedisKey key, TimeSpan duration, string holder) =>
        (long)await db.ScriptEvaluateAsync(AcquireAsHolderScript, [key], [holder, (long)duration.TotalMilliseconds]) == 1
            ? new RedisLease(db, key, holder)
            : null;

    /// <summary>A new random holder token for <see cref="TryAcquireAsync(IDatabase, RedisKey, TimeSpan, string)"/>.</summary>
    public static string NewHolder() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A condition for a transaction: it runs only while this lease is still held.</summary>
    public Condition StillHeld() => Condition.StringEqual(Key, Token);

    public async Task<bool> RenewAsync(TimeSpan duration) =>
        (long)await _db.ScriptEvaluateAsync(RenewScript, [Key], [Token, (long)duration.TotalMilliseconds]) == 1;

    public async Task ReleaseAsync() => await _db.ScriptEvaluateAsync(ReleaseScript, [Key], [Token]);
}
