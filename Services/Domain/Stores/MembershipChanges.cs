namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A cluster's new membership after clustering decided: items that joined and left, and its
/// centroid. <see cref="Opened"/> marks a cluster that does not exist yet. Its size is counted when
/// the change is written, from the members Redis holds: the decider's view may lack some (a report a
/// person placed before it had a vector).
/// </summary>
public sealed record ClusterMembershipUpdate(
    string ClusterId,
    float[] Centroid,
    IReadOnlyList<string> AddedItems,
    IReadOnlyList<string> RemovedItems,
    bool Opened = false,
    string? Title = null,
    string? Summary = null);

/// <summary>A cluster folded into another; its id keeps resolving to the survivor.</summary>
public sealed record ClusterMerge(string AbsorbedId, string SurvivorId);

/// <summary>What one clustering step changes, written in one transaction.</summary>
public sealed record MembershipChanges(IReadOnlyList<ClusterMembershipUpdate> Updates, IReadOnlyList<ClusterMerge> Merges)
{
    public bool IsEmpty => Updates.Count == 0 && Merges.Count == 0;
}
