namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// What one refinement leaves the next, so a large store is not measured afresh every time:
/// re-assignment's bounds, and the clusters merging and gathering found no pair among to join;
/// and the groups gathering formed, which folding treats as groups while they are unchanged.
/// Owned by a <see cref="ClusterSpace"/>; a reload starts a new one.
/// </summary>
internal sealed class RefineMemory
{
    public ReassignBounds? Bounds;

    public SettledClusters Merged { get; } = new();

    public SettledClusters Gathered { get; } = new();

    public GatheredGroups GatheredGroups { get; } = new();
}

/// <summary>
/// Clusters, as they were (version and size), among which no pair reached a bar: a pair's score
/// depends on its two clusters alone, so while neither changed and the bar is the same it still
/// does not, and the next agglomeration skips measuring it.
/// </summary>
internal sealed class SettledClusters
{
    private readonly Dictionary<Cluster, (long Version, int Count)> _states = [];
    private (float, float, float) _bar;

    /// <summary>For each cluster of <paramref name="group"/>, whether it is as it was when remembered under the same bar.</summary>
    public bool[] Of(List<Cluster> group, (float, float, float) bar) => bar != _bar
        ? new bool[group.Count]
        : [.. group.Select(c => _states.TryGetValue(c, out var state) && state == (c.Version, c.Count))];

    /// <summary>Replaces what is remembered with <paramref name="clusters"/> as they are now.</summary>
    public void Remember(IEnumerable<Cluster> clusters, (float, float, float) bar)
    {
        _states.Clear();
        _bar = bar;
        foreach (var cluster in clusters)
        {
            _states[cluster] = (cluster.Version, cluster.Count);
        }
    }
}

/// <summary>
/// The small clusters gathering formed (a group of strays that resemble each other), as they were
/// (version and size) when formed. While one is unchanged, folding moves a member out of it only to
/// an established cluster closer to it than the rest of its group is, so a small theme a young store
/// found is not dissolved into a neighbouring theme by the next refinement (see
/// <see cref="Refiner.Fold"/>). A group that changed is an ordinary small cluster again.
/// </summary>
internal sealed class GatheredGroups
{
    /// <summary>The smallest group folding keeps as a theme: a pair is two reports that resemble each other, not yet a theme.</summary>
    public const int MinSize = 3;

    private readonly Dictionary<Cluster, (long Version, int Count)> _formed = [];

    public void Add(Cluster group) => _formed[group] = (group.Version, group.Count);

    /// <summary>
    /// A cluster read back by a reload, which forgot what gathering formed: one of <see cref="MinSize"/>
    /// or more, under the minimum size, whose members resemble each other at the gather bar (their
    /// mean pairwise cosine, <see cref="Cluster.Cohesion"/>) counts as a group again, as gathering
    /// would have formed it.
    /// </summary>
    public void AddIfGroup(Cluster loaded, GroupingOptions options)
    {
        if (loaded.Count >= MinSize && loaded.Count < options.MinClusterSize && loaded.Cohesion() >= options.GatherThreshold)
        {
            Add(loaded);
        }
    }

    public bool IsUnchanged(Cluster cluster) => _formed.TryGetValue(cluster, out var state) && state == (cluster.Version, cluster.Count);

    /// <summary>Forgets the groups that changed (or emptied): a cluster's version only grows, so they never count again.</summary>
    public void ForgetChanged()
    {
        foreach (var cluster in _formed.Keys.Where(c => !IsUnchanged(c)).ToList())
        {
            _formed.Remove(cluster);
        }
    }
}
