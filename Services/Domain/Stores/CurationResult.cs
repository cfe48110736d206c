namespace FeedbackFix.Domain.Stores;

/// <summary>How a person's curation ended.</summary>
public enum CurationOutcome
{
    /// <summary>Committed; <see cref="CurationResult.ClusterId"/> is the cluster to answer with.</summary>
    Done,

    /// <summary><see cref="CurationResult.Subject"/> names the id nobody knows.</summary>
    NotFound,

    /// <summary><see cref="CurationResult.Subject"/> is a cluster being fixed, which nobody curates meanwhile.</summary>
    Fixing,

    /// <summary>The request cannot be carried out as things stand; <see cref="CurationResult.Reason"/> says why.</summary>
    Conflict,
}

/// <summary>The outcome of a merge, unmerge, move, split or delete.</summary>
public sealed record CurationResult(CurationOutcome Outcome, string? ClusterId = null, string? Subject = null, string? Reason = null)
{
    public static CurationResult Done(string? clusterId) => new(CurationOutcome.Done, clusterId);

    public static CurationResult NotFound(string subject) => new(CurationOutcome.NotFound, Subject: subject);

    public static CurationResult Fixing(string clusterId) => new(CurationOutcome.Fixing, Subject: clusterId);

    public static CurationResult Conflict(string reason, string? subject = null) => new(CurationOutcome.Conflict, Subject: subject, Reason: reason);
}
