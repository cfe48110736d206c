namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The clusters of one embedding space, in memory and deterministic: the same items in the same
/// order give the same clusters. <see cref="Assign"/> places one item online (nearest centroid by
/// cosine, or a new cluster); <see cref="Refine"/> improves the partition and returns what it
/// changed so the caller can persist it. Not thread-safe: one writer at a time. Time (from
/// <paramref name="time"/>, the system clock by default) decides only when a small cluster that
/// stopped growing counts as quiet (<see cref="GroupingOptions.FoldAfterQuiet"/>).
/// </summary>
public sealed class ClusterSpace(GroupingOptions options, Func<string> newClusterId, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    // clusters[i] is row i of the index; Refine compacts both.
    private readonly List<Cluster> clusters = [];
    private readonly Dictionary<string, Cluster> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cluster> byItem = new(StringComparer.Ordinal);
    private CentroidIndex? index;
    private readonly RefineMemory memory = new();
    private int dimension;
    private long arrivals;
    private DateTimeOffset lastRefine = DateTimeOffset.MinValue;
    private IReadOnlyList<(string TargetId, float[] Centroid)> aliases = [];

    public int ClusterCount => clusters.Count;

    public int ItemCount => byItem.Count;

    public IReadOnlyList<string> ClusterIds => clusters.Select(c => c.Id).ToList();

    public string? ClusterOf(string itemId) => byItem.TryGetValue(itemId, out var cluster) ? cluster.Id : null;

    public bool Contains(string clusterId) => byId.ContainsKey(clusterId);

    /// <summary>The normalised mean of the members' unit vectors (a copy).</summary>
    public float[] GetCentroid(string clusterId) => (float[])byId[clusterId].Centroid.Clone();

    /// <summary>Members of a cluster; 0 for a cluster that does not exist (any more).</summary>
    public int GetSize(string clusterId) => byId.TryGetValue(clusterId, out var cluster) ? cluster.Count : 0;

    /// <summary>The cluster's item ids in the order they joined.</summary>
    public IReadOnlyList<string> GetMembers(string clusterId) => byId[clusterId].Members.Select(m => m.ItemId).ToList();

    /// <summary>The newest <paramref name="count"/> members of a cluster with their unit vectors (shared, not copies: do not change them); empty for a cluster that does not exist.</summary>
    internal IReadOnlyList<(string ItemId, float[] Vector)> GetNewestMembers(string clusterId, int count) =>
        byId.TryGetValue(clusterId, out var cluster)
            ? cluster.Members.Skip(Math.Max(0, cluster.Count - count)).Select(m => (m.ItemId, m.Vector)).ToList()
            : [];

    /// <summary>Rebuilds the space from persisted clusters; an item listed twice stays in the first.</summary>
    public void Load(IEnumerable<(string ClusterId, IEnumerable<(string ItemId, float[] Vector)> Members)> state) =>
        Load(state.Select(c => (c.ClusterId, c.Members.Select(m => MemberOf(m.ItemId, m.Vector)))));

    /// <summary>
    /// As the public <see cref="Load(IEnumerable{ValueTuple{string, IEnumerable{ValueTuple{string, float[]}}}})"/>,
    /// from members made by <see cref="MemberOf"/> or held by another space over the same vectors (their unit
    /// vectors kept as they are), so a copy loaded from held members decides exactly as one read from Redis.
    /// </summary>
    internal void Load(IEnumerable<(string ClusterId, IEnumerable<Member> Members)> state)
    {
        foreach (var (clusterId, members) in state)
        {
            Cluster? cluster = null;
            foreach (var member in members)
            {
                if (byItem.ContainsKey(member.ItemId))
                {
                    continue;
                }

                EnsureDimension(member.Vector.Length);
                if (cluster is null && !byId.TryGetValue(clusterId, out cluster))
                {
                    // A restart gives every loaded cluster a full quiet period again: never sooner than planned.
                    cluster = Open(clusterId);
                    cluster.LastGrowthAt = clock.GetUtcNow();
                }

                cluster.Members.Add(member);
                byItem[member.ItemId] = cluster;
            }

            if (cluster is not null)
            {
                cluster.Recompute();
                index!.Set(clusters.IndexOf(cluster), cluster.Centroid);
                memory.GatheredGroups.AddIfGroup(cluster, options);
            }
        }

        Spread.SetRadii(clusters, options.MinClusterSize, options.AssignPercentile, (float)options.FoldThreshold);
    }

    /// <summary>
    /// The centroids of merged-away clusters, each standing for the cluster it was merged into: an item
    /// nearer one of them than to any live centroid, within <see cref="GroupingOptions.AssignThreshold"/>,
    /// joins that cluster (a merge's topic keeps drawing its reports after the merge averaged it away).
    /// </summary>
    public void SetAliases(IEnumerable<(string TargetId, float[] Centroid)> merged) =>
        aliases = [.. merged.Select(a => (a.TargetId, VectorMath.Normalized(a.Centroid)))];

    /// <summary>
    /// Puts an item in the nearest cluster when its cosine to the centroid reaches
    /// <see cref="GroupingOptions.AssignThreshold"/> or the cluster's own radius (see
    /// <see cref="GroupingOptions.AssignPercentile"/>), else in a new cluster. An item already
    /// present is left where it is.
    /// </summary>
    public Assignment Assign(string itemId, float[] vector)
    {
        if (byItem.TryGetValue(itemId, out var existing))
        {
            return new Assignment(existing.Id, Opened: false);
        }

        var member = ToMember(itemId, vector);
        var (row, similarity) = index!.Nearest(member);
        if (NearestAlias(member.Vector, row < 0 ? float.NegativeInfinity : similarity) is { } target)
        {
            return Join(itemId, member, clusters.IndexOf(target), opened: false);
        }
        var opened = row < 0 || similarity < MathF.Min((float)options.AssignThreshold, clusters[row].Radius);
        if (opened)
        {
            Open(newClusterId());
            row = clusters.Count - 1;
        }

        return Join(itemId, member, row, opened);
    }

    /// <summary>
    /// Puts an item in the given cluster whatever its nearest centroid, as a placement Redis already
    /// holds (a report a person placed before it had a vector, its vector now come); false (and nothing
    /// changed) when the cluster is not here. An item already present is left where it is.
    /// </summary>
    public bool AssignTo(string itemId, float[] vector, string clusterId)
    {
        if (byItem.ContainsKey(itemId))
        {
            return true;
        }

        if (!byId.TryGetValue(clusterId, out var cluster))
        {
            return false;
        }

        Join(itemId, ToMember(itemId, vector), clusters.IndexOf(cluster), opened: false);
        return true;
    }

    // The live cluster of the alias nearer than the nearest live centroid and within the join bar, if any.
    private Cluster? NearestAlias(float[] unitVector, float nearestLive)
    {
        Cluster? best = null;
        var bestSimilarity = MathF.Max(nearestLive, (float)options.AssignThreshold);
        foreach (var (targetId, centroid) in aliases)
        {
            if (centroid.Length == unitVector.Length && byId.TryGetValue(targetId, out var target) &&
                VectorMath.Dot(unitVector, centroid) is var similarity && similarity > bestSimilarity)
            {
                (best, bestSimilarity) = (target, similarity);
            }
        }
        return best;
    }

    private Assignment Join(string itemId, Member member, int row, bool opened)
    {
        var cluster = clusters[row];
        cluster.Add(member);
        cluster.LastGrowth = ++arrivals;
        cluster.LastGrowthAt = clock.GetUtcNow();
        index!.Set(row, cluster.Centroid);
        byItem[itemId] = cluster;
        return new Assignment(cluster.Id, opened);
    }

    /// <summary>
    /// Improves the partition (see <see cref="Refiner"/>) and returns the changes, already applied.
    /// Clusters in <paramref name="frozen"/> (a person decided about them) keep their members and
    /// take no part.
    /// </summary>
    public RefinementPlan Refine(IReadOnlySet<string>? frozen = null)
    {
        var before = byItem.ToDictionary(p => p.Key, p => p.Value.Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var quietBefore = arrivals - options.FoldAfter;
        var result = Refiner.Run(
            clusters.Where(c => frozen?.Contains(c.Id) != true).ToList(),
            options,
            c => c.LastGrowth <= quietBefore || now - c.LastGrowthAt >= options.FoldAfterQuiet,
            memory);
        lastRefine = now;
        var survivors = result.Clusters.ToHashSet();
        var kept = clusters.Where(c => survivors.Contains(c) || frozen?.Contains(c.Id) == true).ToList();

        clusters.Clear();
        byId.Clear();
        index?.Clear();
        foreach (var cluster in kept)
        {
            clusters.Add(cluster);
            byId[cluster.Id] = cluster;
            index!.Append(cluster.Centroid);
        }

        var moves = new List<ItemMove>();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            foreach (var member in cluster.Members)
            {
                byItem[member.ItemId] = cluster;
                var from = before[member.ItemId];
                if (from != cluster.Id)
                {
                    moves.Add(new ItemMove(member.ItemId, from, cluster.Id));
                    changed.Add(cluster.Id);
                    changed.Add(from);
                }
            }
        }

        var removed = before.Values.Distinct(StringComparer.Ordinal).Where(id => !byId.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var merges = removed.Select(id => new ClusterAbsorption(id, Survivor(id, result.Absorptions, moves))).ToList();
        return new RefinementPlan(
            moves,
            merges,
            removed,
            clusters.Where(c => changed.Contains(c.Id)).Select(c => c.Id).ToList());
    }

    /// <summary>
    /// True when a small cluster became quiet by time since the last refinement, so a refinement
    /// now may dissolve it even though no item arrived: without one, a topic that stopped
    /// gathering would wait for the next arrival.
    /// </summary>
    public bool HasNewlyQuietClusters()
    {
        var now = clock.GetUtcNow();
        var smallBelow = Math.Max(options.MinClusterSize, options.FragmentSize);
        return clusters.Any(c => c.Count < smallBelow && c.LastGrowthAt + options.FoldAfterQuiet is var quietAt && quietAt > lastRefine && quietAt <= now);
    }

    // Follows absorbed -> survivor links to a cluster that still exists; an emptied cluster points
    // to the cluster that received most of its items.
    private string Survivor(string removedId, IReadOnlyDictionary<string, string> absorptions, List<ItemMove> moves)
    {
        var id = removedId;
        while (absorptions.TryGetValue(id, out var next) && !byId.ContainsKey(id))
        {
            id = next;
        }

        if (byId.ContainsKey(id))
        {
            return id;
        }

        return moves.Where(m => m.FromClusterId == removedId)
            .GroupBy(m => m.ToClusterId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
    }

    private Cluster Open(string clusterId)
    {
        var cluster = new Cluster(clusterId, dimension);
        clusters.Add(cluster);
        byId[clusterId] = cluster;
        index!.Append(cluster.Centroid);
        return cluster;
    }

    /// <summary>Every member of every cluster, each with its unit vector (shared, not copies: do not change them).</summary>
    internal IEnumerable<Member> Members => clusters.SelectMany(c => c.Members);

    /// <summary>An item as a space holds it: its vector made unit length, with its sparse support.</summary>
    internal static Member MemberOf(string itemId, float[] vector) => Member.Of(itemId, VectorMath.Normalized(vector));

    private Member ToMember(string itemId, float[] vector)
    {
        EnsureDimension(vector.Length);
        return MemberOf(itemId, vector);
    }

    private void EnsureDimension(int length)
    {
        if (index is null)
        {
            dimension = length;
            index = new CentroidIndex(dimension);
        }

        if (length != dimension)
        {
            throw new ArgumentException($"Vector has {length} dimensions; the space has {dimension}.", "vector");
        }
    }
}
