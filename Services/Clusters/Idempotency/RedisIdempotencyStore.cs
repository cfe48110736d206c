using FeedbackFix.Domain.Idempotency;
using FeedbackFix.ServiceDefaults.Idempotency;

namespace FeedbackFix.Clusters.Idempotency;

/// <summary>Domain's Redis store of idempotency keys, as the Idempotency-Key filter of ServiceDefaults asks for it.</summary>
internal sealed class RedisIdempotencyStore(IdempotencyStore store) : IIdempotencyStore
{
    public async Task<IdempotencyLookup> ClaimAsync(string scope, string key, string fingerprint, string owner, TimeSpan lease)
    {
        var claim = await store.ClaimAsync(scope, key, fingerprint, owner, lease);
        return claim.Outcome switch
        {
            IdempotencyClaimOutcome.Claimed => new IdempotencyLookup(IdempotencyState.Claimed),
            IdempotencyClaimOutcome.InProgress => new IdempotencyLookup(IdempotencyState.InProgress),
            IdempotencyClaimOutcome.Mismatch => new IdempotencyLookup(IdempotencyState.Mismatch),
            _ => new IdempotencyLookup(IdempotencyState.Answered,
                new IdempotentAnswer(claim.Answer!.Status, claim.Answer.ContentType, claim.Answer.Location, claim.Answer.Body)),
        };
    }

    public Task AnswerAsync(string scope, string key, string owner, IdempotentAnswer answer) =>
        store.AnswerAsync(scope, key, owner, new StoredAnswer(answer.Status, answer.ContentType, answer.Location, answer.Body));

    public Task ReleaseAsync(string scope, string key, string owner) => store.ReleaseAsync(scope, key, owner);
}
