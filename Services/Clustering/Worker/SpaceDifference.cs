using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// What a refined copy of the space changes against the current one, as one refinement plan: an
/// item in another cluster is a move; a cluster the copy no longer has is removed and points at
/// the survivor the refinement merged it into, else at the cluster that took most of its items;
/// a cluster only the copy has (opened while placing the items that arrived during the
/// refinement) is opened.
/// </summary>
internal static class SpaceDifference
{
    public static (RefinementPlan Plan, IReadOnlySet<string> Opened) Between(ClusterSpace current, ClusterSpace refined, RefinementPlan refinement)
    {
        var moves = new List<ItemMove>();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var refinedIds = refined.ClusterIds;
        foreach (var clusterId in refinedIds)
        {
            foreach (var itemId in refined.GetMembers(clusterId))
            {
                var from = current.ClusterOf(itemId)
                    ?? throw new InvalidOperationException($"Item '{itemId}' is in the refined copy but not in the current space.");
                if (from != clusterId)
                {
                    moves.Add(new ItemMove(itemId, from, clusterId));
                    changed.Add(from);
                    changed.Add(clusterId);
                }
            }
        }

        var opened = refinedIds.Where(id => current.GetSize(id) == 0).ToHashSet(StringComparer.Ordinal);
        var removed = current.ClusterIds.Where(id => refined.GetSize(id) == 0).Order(StringComparer.Ordinal).ToList();
        var mergedInto = refinement.Merges.ToDictionary(m => m.AbsorbedId, m => m.SurvivorId, StringComparer.Ordinal);
        var movedOut = moves.ToLookup(m => m.FromClusterId, StringComparer.Ordinal);
        var absorptions = removed.Select(id => new ClusterAbsorption(id,
                mergedInto.TryGetValue(id, out var survivor) && refined.GetSize(survivor) > 0
                    ? survivor
                    : movedOut[id].GroupBy(m => m.ToClusterId, StringComparer.Ordinal)
                        .OrderByDescending(g => g.Count())
                        .ThenBy(g => g.Key, StringComparer.Ordinal)
                        .FirstOrDefault()?.Key
                      ?? throw new InvalidOperationException($"Cluster '{id}' is gone from the refined copy but none of its items moved: the spaces disagree.")))
            .ToList();
        return (new RefinementPlan(moves, absorptions, removed, refinedIds.Where(changed.Contains).ToList()), opened);
    }

    /// <summary>
    /// Whether committing <paramref name="plan"/> would take an item from a cluster a person decided
    /// about, or change one decided while the refinement ran (it was refined as undecided). Those
    /// keep their members: the refinement left the <paramref name="frozen"/> ones alone, but an item
    /// placed in one during the refinement may have gone elsewhere in the copy. Growing a decided
    /// cluster is allowed, as placing items does.
    /// </summary>
    public static bool TakesFromDecided(RefinementPlan plan, IReadOnlySet<string> frozen, IReadOnlySet<string> decidedNow) =>
        plan.Moves.Any(m => frozen.Contains(m.FromClusterId) || decidedNow.Contains(m.FromClusterId)) ||
        plan.Changed.Concat(plan.Removed).Any(id => decidedNow.Contains(id) && !frozen.Contains(id));
}
