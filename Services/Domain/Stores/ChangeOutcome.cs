namespace FeedbackFix.Domain.Stores;

public enum ChangeOutcome
{
    Changed,
    NotFound,
    /// <summary>The status rules forbid it (see StatusTransitions).</summary>
    Forbidden,
    /// <summary>The id names a cluster merged into another (the record is that one), and the change asked not to follow it.</summary>
    MergedAway,
    /// <summary>It would take something another record holds (<see cref="ChangeResult{T}.Reason"/> says what), so nothing changed.</summary>
    Conflict,
}

/// <summary>What a status-changing write did, with the record as it stands afterwards.</summary>
public sealed record ChangeResult<T>(ChangeOutcome Outcome, T? Record, string? Reason = null) where T : class;
