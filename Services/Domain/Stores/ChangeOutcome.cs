namespace FeedbackFix.Domain.Stores;

public enum ChangeOutcome
{
    Changed,
    NotFound,
    /// <summary>The status rules forbid it (see StatusTransitions).</summary>
    Forbidden,
}

/// <summary>What a status-changing write did, with the record as it stands afterwards.</summary>
public sealed record ChangeResult<T>(ChangeOutcome Outcome, T? Record, string? Reason = null) where T : class;
