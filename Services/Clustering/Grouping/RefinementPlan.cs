namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// What one <see cref="ClusterSpace.Refine"/> changed, already applied to the space: the net item
/// moves, every cluster that disappeared with where its items went, and the surviving clusters
/// whose members changed (their centroid, title and summary need recomputing).
/// </summary>
public sealed record RefinementPlan(
    IReadOnlyList<ItemMove> Moves,
    IReadOnlyList<ClusterAbsorption> Merges,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed)
{
    public bool IsEmpty => Moves.Count == 0 && Removed.Count == 0;
}
