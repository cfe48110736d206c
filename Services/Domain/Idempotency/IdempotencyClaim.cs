namespace FeedbackFix.Domain.Idempotency;

public enum IdempotencyClaimOutcome
{
    /// <summary>The key was free and is now the caller's, marked pending: run the request.</summary>
    Claimed,
    /// <summary>A request with the same key and fingerprint holds it and has not answered yet.</summary>
    InProgress,
    /// <summary>The key was used for another request (a different fingerprint).</summary>
    Mismatch,
    /// <summary>The key's request was answered; <see cref="IdempotencyClaim.Answer"/> is that answer.</summary>
    Answered,
}

/// <summary>What claiming an idempotency key found.</summary>
public sealed record IdempotencyClaim(IdempotencyClaimOutcome Outcome, StoredAnswer? Answer = null);
