using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Dashboard.Components.Clusters;

/// <summary>
/// A status change a person may ask for with <c>PATCH /clusters/{id}</c>, offered only where the API
/// allows it: a new cluster can be marked fixed or ignored, a fixed one reopened or ignored, an
/// ignored one reopened; one with a proposed fix (its pull request open) or regressed (a report after
/// the fix) can be marked fixed, reopened or ignored. A fixing cluster offers none: that status belongs
/// to its job. Rules: docs/architecture.md, "Statuses".
/// </summary>
public sealed record StatusAction(string Label, ClusterStatus Target)
{
    public static readonly StatusAction MarkFixed = new("Mark fixed", ClusterStatus.Fixed);
    public static readonly StatusAction Ignore = new("Ignore", ClusterStatus.Ignored);
    public static readonly StatusAction Reopen = new("Reopen", ClusterStatus.New);

    public static IReadOnlyList<StatusAction> From(ClusterStatus current) => current switch
    {
        ClusterStatus.New => [MarkFixed, Ignore],
        ClusterStatus.Fixed => [Reopen, Ignore],
        ClusterStatus.Ignored => [Reopen],
        ClusterStatus.FixProposed or ClusterStatus.Regressed => [MarkFixed, Reopen, Ignore],
        _ => [],
    };
}
