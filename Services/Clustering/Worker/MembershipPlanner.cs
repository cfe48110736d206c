using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Worker;

/// <summary>Turns the in-memory space's decisions into the membership writes Redis gets.</summary>
internal static class MembershipPlanner
{
    /// <summary>New items placed in clusters: each touched cluster with its new centroid (Redis counts its size).</summary>
    public static MembershipChanges ForAssignments(ClusterSpace space, IReadOnlyList<(string ItemId, Assignment Assignment)> assignments)
    {
        var updates = assignments
            .GroupBy(a => a.Assignment.ClusterId, StringComparer.Ordinal)
            .Select(group => new ClusterMembershipUpdate(
                group.Key,
                space.GetCentroid(group.Key),
                [.. group.Select(a => a.ItemId)],
                [],
                Opened: group.Any(a => a.Assignment.Opened)))
            .ToList();
        return new MembershipChanges(updates, []);
    }

    /// <summary>
    /// A refinement's writes: every changed cluster with the items it gained and lost, and every
    /// cluster that disappeared with the survivor its id now resolves to. A refinement opens no cluster.
    /// </summary>
    public static MembershipChanges ForRefinement(ClusterSpace space, RefinementPlan plan)
    {
        var added = plan.Moves.ToLookup(m => m.ToClusterId, m => m.ItemId, StringComparer.Ordinal);
        var removed = plan.Moves.ToLookup(m => m.FromClusterId, m => m.ItemId, StringComparer.Ordinal);
        var updates = plan.Changed
            .Select(id => new ClusterMembershipUpdate(id, space.GetCentroid(id), [.. added[id]], [.. removed[id]]))
            .ToList();
        var merges = plan.Merges.Select(m => new ClusterMerge(m.AbsorbedId, m.SurvivorId)).ToList();
        return new MembershipChanges(updates, merges);
    }
}
