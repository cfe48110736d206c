namespace FeedbackFix.ServiceDefaults.Idempotency;

/// <summary>
/// Where idempotency keys are kept. ServiceDefaults knows no store of ours, so each service adapts
/// its own (Domain's Redis store) to this.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> in <paramref name="scope"/> atomically for a request with
    /// <paramref name="fingerprint"/>, pending for <paramref name="lease"/>; or says who holds it.
    /// </summary>
    Task<IdempotencyLookup> ClaimAsync(string scope, string key, string fingerprint, string owner, TimeSpan lease);

    /// <summary>Keeps the answer under the owner's claim for as long as keys are kept.</summary>
    Task AnswerAsync(string scope, string key, string owner, IdempotentAnswer answer);

    /// <summary>Frees the owner's pending claim: the request changed nothing, so the key may be used again.</summary>
    Task ReleaseAsync(string scope, string key, string owner);
}

public enum IdempotencyState
{
    Claimed,
    InProgress,
    Mismatch,
    Answered,
}

/// <summary>What claiming a key found; <see cref="Answer"/> when <see cref="IdempotencyState.Answered"/>.</summary>
public sealed record IdempotencyLookup(IdempotencyState State, IdempotentAnswer? Answer = null);

/// <summary>The first answer to a key's request, which a repeat gets again.</summary>
public sealed record IdempotentAnswer(int Status, string? ContentType, string? Location, byte[] Body);
