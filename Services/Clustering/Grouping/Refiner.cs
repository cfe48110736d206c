namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The periodic refinement: merge near-duplicate clusters by average linkage, gather quiet clusters
/// too small to stand with each other, dissolve those still too small, or that are pieces of a
/// larger one, into their members' nearest clusters, then k-means style re-assignment; last, each
/// cluster's join radius is measured from its members' spread.
/// </summary>
internal static class Refiner
{
    /// <summary>A pass that moves at most 1 item in this many has settled: more passes only trade the last few between neighbours.</summary>
    public const int SettledOneIn = 200;

    /// <param name="isQuiet">Whether a cluster has stopped growing long enough to be dissolved (see <see cref="GroupingOptions.FoldAfter"/>).</param>
    /// <param name="memory">What the last refinement of the same space left (and this one leaves the next); none measures everything afresh.</param>
    public static RefineResult Run(List<Cluster> input, GroupingOptions options, Func<Cluster, bool> isQuiet, RefineMemory? memory = null)
    {
        memory ??= new RefineMemory();
        var clusters = input.Where(c => c.Count > 0).ToList();
        var absorptions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.MergeThreshold < 1.0)
        {
            clusters = Merge(clusters, options, absorptions, memory.Merged);
        }

        // Strays gather with each other before any is folded into an established cluster: reports on
        // a new theme, arriving after others are established, then meet each other first.
        if (options.GatherThreshold < 1.0 && options.MinClusterSize > 1)
        {
            clusters = Gather(clusters, options, isQuiet, absorptions, memory.Gathered, memory.GatheredGroups);
        }

        if (Math.Max(options.MinClusterSize, options.FragmentSize) > 1)
        {
            clusters = Fold(clusters, options, isQuiet, memory.GatheredGroups);
        }

        // Stop once a pass settled (at most 1 item in SettledOneIn moved): later passes only shuffle the last few.
        var items = clusters.Sum(c => c.Count);
        var searchCost = SearchCost(clusters);
        for (var pass = 0; pass < options.ReassignPasses; pass++)
        {
            var moved = Reassign(clusters, ref memory.Bounds, (float)options.ReassignMargin, NeighboursFor(pass, searchCost, clusters.Count));
            clusters.RemoveAll(c => c.Count == 0);
            if ((long)moved * SettledOneIn <= items)
            {
                break;
            }
        }

        // Measured last, on the partition new items will be assigned against.
        Spread.SetRadii(clusters, options.MinClusterSize, options.AssignPercentile, (float)options.FoldThreshold);
        return new RefineResult(clusters, absorptions);
    }

    /// <summary>
    /// Agglomerative merging of clusters that look like halves of one: the mean cosine between a
    /// member of A and a member of B (average linkage, sumA.sumB / (nA nB)) is nearly as high as
    /// the mean cosine within each, i.e. link / sqrt(cohA cohB) reaches the threshold. Unlike a
    /// centroid cosine this does not favour loose clusters, and unlike a fixed linkage it adapts
    /// to how tight each topic is. A pair also merges when the cosine between the centroids reaches
    /// <paramref name="cohesionFactor"/> times the lower of the two cohesions (a member's mean cosine
    /// to its own centroid, |sum| / n): the merge bar follows a loose cluster's spread, as the join
    /// bar does (see <see cref="GroupingOptions.MergeCohesionFactor"/>); 0 leaves the relative
    /// linkage alone. The pair that passes its bar by the widest ratio goes first (see
    /// <see cref="Merging"/>). Everything comes from the clusters' sums, with no member vectors
    /// touched. The larger cluster survives so its id stays.
    /// </summary>
    internal static List<Cluster> Merge(
        List<Cluster> clusters, GroupingOptions options, Dictionary<string, string> absorptions, SettledClusters? settled = null)
    {
        // Only clusters large enough to measure cohesion take part.
        var eligible = clusters.Where(c => TakesPartInMerging(c, options)).ToList();
        var (threshold, cohesionFactor) = ((float)options.MergeThreshold, (float)options.MergeCohesionFactor);
        var floor = MergeFloor(clusters, options);
        var bar = (threshold, cohesionFactor, floor);
        var before = eligible.ToDictionary(c => c, c => c.Count);
        new Merging(eligible, threshold, cohesionFactor, absorptions, settled?.Of(eligible, bar), floor).Run();
        var survivors = clusters.Where(c => c.Count > 0).ToList();
        // Only survivors that absorbed another changed; the sums of the rest are those of their members already.
        foreach (var absorbing in eligible.Where(c => c.Count > before[c]))
        {
            absorbing.Recompute();
        }
        settled?.Remember(eligible.Where(c => c.Count > 0), bar);
        return survivors;
    }

    // Only clusters large enough to measure cohesion take part in merging, and set the merge floor's typical cluster.
    private static bool TakesPartInMerging(Cluster cluster, GroupingOptions options) =>
        cluster.Count >= Math.Max(2, options.MinClusterSize);

    /// <summary>
    /// The tightness a merge must leave (a member's mean cosine to its centroid, |sum| / n; 0 for no
    /// floor), from the <paramref name="clusters"/> refinement works on (every one but those a person
    /// decided about): the store's own, all of them taken as one, plus
    /// <see cref="GroupingOptions.MergeBackgroundMargin"/>; and at least
    /// <see cref="GroupingOptions.MergeFloorShare"/> of the way from the store's up to the median
    /// tightness of the clusters that take part in merging (the upper median of an even count).
    /// Rounded up to a hundredth, so that a store growing by a few items keeps the same bar (and
    /// merging's memory of settled pairs holds).
    /// </summary>
    internal static float MergeFloor(List<Cluster> clusters, GroupingOptions options)
    {
        var (margin, share) = ((float)options.MergeBackgroundMargin, (float)options.MergeFloorShare);
        if (clusters.Count == 0 || (margin <= 0f && share <= 0f))
        {
            return 0f;
        }
        var total = new float[clusters[0].Sum.Length];
        var items = 0;
        foreach (var cluster in clusters)
        {
            VectorMath.Add(total, cluster.Sum, 1f);
            items += cluster.Count;
        }
        var background = items == 0 ? 0f : VectorMath.Tightness(VectorMath.Dot(total, total), items);
        var floor = background + margin;
        var typical = clusters
            .Where(c => TakesPartInMerging(c, options))
            .Select(c => VectorMath.Tightness(VectorMath.Dot(c.Sum, c.Sum), c.Count))
            .Order()
            .ToList();
        if (share > 0f && typical.Count > 0)
        {
            floor = MathF.Max(floor, background + share * (typical[typical.Count / 2] - background));
        }
        return MathF.Ceiling(floor * 100f) / 100f;
    }

    /// <summary>
    /// Dissolves quiet clusters: one under the minimum size always, one under the
    /// fragment size when it is a piece of a cluster at least as large (see
    /// <see cref="GroupingOptions.FragmentSize"/>). Each member moves to its nearest established
    /// cluster (other than its own) when close enough, and stays where it is otherwise. Folding item by item,
    /// rather than merging the whole fragment, lets a fragment that mixes two neighbours go to both.
    /// A small group of at least <see cref="GatheredGroups.MinSize"/> that gathering formed
    /// (<paramref name="gathered"/>) and that has not changed since is a theme of its own: a member
    /// leaves it only for a cluster closer to it than the rest of its group, so repeated refinements
    /// do not fold one small theme into a neighbouring one.
    /// </summary>
    internal static List<Cluster> Fold(List<Cluster> clusters, GroupingOptions options, Func<Cluster, bool> isQuiet, GatheredGroups? gathered = null)
    {
        var candidates = clusters
            .Where(c => c.Count < Math.Max(options.MinClusterSize, options.FragmentSize) && isQuiet(c))
            .OrderBy(c => c.Count)
            .ToList();
        var established = clusters.Where(c => c.Count >= options.MinClusterSize).ToList();
        if (established.Count == 0)
        {
            return clusters;
        }

        // A fragment goes only into clusters that are not being dissolved themselves: folded into
        // another fragment it could make a cluster too large to dissolve, and the order would decide.
        var dissolvable = candidates.ToHashSet();
        var solid = established.Where(c => !dissolvable.Contains(c)).ToList();
        var anyIndex = BuildIndex(established);
        var solidIndex = solid.Count > 0 ? BuildIndex(solid) : null;
        var threshold = (float)options.FoldThreshold;
        var changed = new HashSet<Cluster>();
        foreach (var cluster in candidates)
        {
            var fragment = cluster.Count >= options.MinClusterSize;
            if (fragment && solidIndex is null)
            {
                continue;
            }

            var (targets, index) = fragment ? (solid, solidIndex!) : (established, anyIndex);
            var nearest = cluster.Members.Select(m => index.Nearest(m)).ToList();
            if (fragment && !IsPieceOf(cluster, nearest, targets, options))
            {
                continue;
            }

            // A group gathering formed, unchanged since: a member leaves it only for a cluster closer than its group.
            var keepsOwn = !fragment && cluster.Count >= GatheredGroups.MinSize && gathered?.IsUnchanged(cluster) == true;
            var kept = new List<Member>();
            for (var m = 0; m < cluster.Count; m++)
            {
                var (row, similarity) = nearest[m];
                if (row >= 0 && similarity >= threshold && (!keepsOwn || similarity > ToRestOfCluster(cluster, m)))
                {
                    targets[row].Members.Add(cluster.Members[m]);
                    changed.Add(targets[row]);
                }
                else
                {
                    kept.Add(cluster.Members[m]);
                }
            }

            if (kept.Count < cluster.Count)
            {
                changed.Add(cluster);
            }
            cluster.Members.Clear();
            cluster.Members.AddRange(kept);
        }

        // The sums of the others are those of their members already.
        foreach (var cluster in changed.Where(c => c.Count > 0))
        {
            cluster.Recompute();
        }
        return clusters.Where(c => c.Count > 0).ToList();
    }

    // The cosine of a member to the centroid of the rest of its cluster (-1 when it is alone).
    private static float ToRestOfCluster(Cluster cluster, int m)
    {
        if (cluster.Count < 2)
        {
            return -1f;
        }
        var member = cluster.Members[m].Vector;
        var rest = (float[])cluster.Sum.Clone();
        VectorMath.Add(rest, member, -1f);
        var norm = MathF.Sqrt(VectorMath.Dot(rest, rest));
        return norm <= 0f ? -1f : VectorMath.Dot(member, rest) / norm;
    }

    /// <summary>
    /// Gathers the quiet clusters under the minimum size with each other, before any is folded:
    /// agglomerative, by average linkage (the mean cosine between a member of A and a member of B,
    /// from the sums), the closest pair first, while it reaches <see cref="GroupingOptions.GatherThreshold"/>.
    /// A young store, whose reports are still mostly alone, so finds its first topics; a later batch
    /// on a new theme meets itself before folding takes its reports into an established neighbour;
    /// on a large store the strays that share a topic pair up. What stays small is then folded. The
    /// larger cluster survives. See docs/architecture.md, "Clustering".
    /// </summary>
    internal static List<Cluster> Gather(
        List<Cluster> clusters, GroupingOptions options, Func<Cluster, bool> isQuiet, Dictionary<string, string> absorptions,
        SettledClusters? settled = null, GatheredGroups? groups = null)
    {
        var small = clusters.Where(c => c.Count < options.MinClusterSize && isQuiet(c)).ToList();
        var before = small.ToDictionary(c => c, c => c.Count);
        var bar = ((float)options.GatherThreshold, 0f, 0f);
        if (small.Count >= 2)
        {
            new Gathering(small, bar.Item1, absorptions, settled?.Of(small, bar)).Run();
        }
        var survivors = clusters.Where(c => c.Count > 0).ToList();
        // Only strays that gathered others changed; the sums of the rest are those of their members already.
        foreach (var gatheredMore in small.Where(c => c.Count > before[c]))
        {
            gatheredMore.Recompute();
        }
        if (groups is not null)
        {
            groups.ForgetChanged();
            foreach (var group in small.Where(c => c.Count > before[c] && c.Count < options.MinClusterSize))
            {
                groups.Add(group);
            }
        }
        settled?.Remember(small.Where(c => c.Count > 0), bar);
        return survivors;
    }

    // Most members' nearest other cluster is one at least as large, and the median member sits
    // within that cluster's join bar, less the margin: the fragment looks like part of its spread.
    private static bool IsPieceOf(Cluster fragment, List<(int Row, float Similarity)> nearest, List<Cluster> established, GroupingOptions options)
    {
        var target = nearest.GroupBy(n => n.Row).MaxBy(g => g.Count())!.Key;
        if (target < 0 || established[target].Count < fragment.Count)
        {
            return false;
        }

        var similarities = nearest.Select(n => n.Similarity).Order().ToList();
        var median = similarities[similarities.Count / 2];
        var bar = MathF.Min((float)options.AssignThreshold, established[target].Radius) - (float)options.FragmentMargin;
        return median >= bar;
    }

    /// <summary>
    /// One k-means pass: every member to its nearest centroid, unless its own is within
    /// <paramref name="margin"/> of it (<see cref="GroupingOptions.ReassignMargin"/>); returns how many moved. The
    /// searches run in parallel but their results are applied in member order, so the outcome
    /// does not depend on scheduling.
    /// </summary>
    internal static int Reassign(List<Cluster> clusters, float margin = 0f)
    {
        ReassignBounds? none = null;
        return Reassign(clusters, ref none, margin);
    }

    /// <summary>
    /// A pass as above that reuses what earlier passes (of this refinement or the one before)
    /// learnt: a centroid whose <see cref="Cluster.Version"/> did not move is the same floats, so
    /// a member's cosine to it is still at most the best-other-cluster bound its last search left.
    /// Only the member's own centroid and the moved ones are scored; when one of them beats the
    /// bound strictly, no unmoved centroid can win, and the answer is the full scan's (up to exact
    /// ties). Otherwise, or with no bound, the member is searched in full. Between refinements only
    /// the clusters that grew online or were merged or folded have moved, so on a large store most
    /// members cost a search over a few centroids, not all of them. With <paramref name="neighbourCount"/>
    /// (and more clusters than that), a member is scored against its own centroid and that centroid's
    /// nearest that many only (see <see cref="NeighbourCentroids"/>); such a pass neither uses nor replaces the bounds.
    /// </summary>
    internal static int Reassign(List<Cluster> clusters, ref ReassignBounds? bounds, float margin = 0f, int neighbourCount = 0)
    {
        if (clusters.Count == 0)
        {
            return 0;
        }

        var index = BuildIndex(clusters);
        var neighbours = neighbourCount > 0 && clusters.Count > neighbourCount + 1
            ? NearestCentroids(index, clusters.Count, neighbourCount)
            : null;
        // Bounds hold over every centroid: a pass among neighbours neither uses nor replaces them, and those
        // of the last full pass stay valid (a moved member or centroid fails their checks).
        var previous = neighbours is null ? bounds : null;
        var next = new ReassignBounds();
        clusters.ForEach(c => next.Versions[c] = c.Version);
        var changedRows = previous is null
            ? []
            : Enumerable.Range(0, clusters.Count)
                .Where(r => !previous.Versions.TryGetValue(clusters[r], out var version) || version != clusters[r].Version)
                .ToArray();
        // The moved centroids alone, searched the same vectorised way as the full index.
        var changedIndex = new CentroidIndex(clusters[0].Sum.Length, changedRows.Length);
        var changedRowOf = new int[clusters.Count];
        Array.Fill(changedRowOf, -1);
        foreach (var r in changedRows)
        {
            changedRowOf[r] = changedIndex.Append(clusters[r].Centroid);
        }

        var nearest = clusters.Select(c => new int[c.Count]).ToArray();
        var runnerUp = clusters.Select(c => new float[c.Count]).ToArray();
        Parallel.For(0, clusters.Count, i =>
        {
            var members = clusters[i].Members;
            for (var m = 0; m < members.Count; m++)
            {
                if (neighbours is not null)
                {
                    (nearest[i][m], runnerUp[i][m]) = AmongNeighbours(index, members[m], i, neighbours[i], margin);
                    continue;
                }

                if (previous is not null &&
                    previous.Items.TryGetValue(members[m].ItemId, out var known) && ReferenceEquals(known.Own, clusters[i]) &&
                    TryBounded(index, changedIndex, changedRows, changedRowOf[i], members[m], i, known.RunnerUp, margin, out nearest[i][m], out runnerUp[i][m]))
                {
                    continue;
                }

                var (row, similarity, second) = index.NearestTwo(members[m]);
                // Another cluster takes the member only when nearer than its own by more than the margin.
                (nearest[i][m], runnerUp[i][m]) = row == i || Moves(similarity, row, index.Similarity(members[m], i), i, margin)
                    ? (row, second)
                    : (i, similarity);
            }
        });

        var targets = clusters.Select(_ => new List<Member>()).ToArray();
        var moved = 0;
        for (var i = 0; i < clusters.Count; i++)
        {
            for (var m = 0; m < clusters[i].Count; m++)
            {
                var target = nearest[i][m];
                targets[target].Add(clusters[i].Members[m]);
                if (neighbours is null)
                {
                    next.Items[clusters[i].Members[m].ItemId] = (clusters[target], runnerUp[i][m]);
                }
                moved += target != i ? 1 : 0;
            }
        }

        for (var i = 0; i < clusters.Count; i++)
        {
            var changed = targets[i].Count != clusters[i].Count ||
                          !targets[i].Select(t => t.ItemId).SequenceEqual(clusters[i].Members.Select(t => t.ItemId), StringComparer.Ordinal);
            // An unchanged cluster keeps its members in order, so recomputing would give the same
            // floats; without bounds every cluster is recomputed, as the first pass always was.
            if (changed || previous is null)
            {
                clusters[i].Members.Clear();
                clusters[i].Members.AddRange(targets[i]);
                clusters[i].Recompute();
            }
        }

        if (neighbours is null)
        {
            bounds = next;
        }
        return moved;
    }

    /// <summary>
    /// On a large store, the re-assignment passes after a refinement's first score each member against
    /// its own centroid and that centroid's this many nearest centroids only. The first pass searches
    /// every centroid, so an item placed online far from where it belongs finds its cluster; the passes
    /// after it trade members between neighbouring clusters, and a member whose nearest centroid is
    /// not among its own's nearest is rare then. Such a pass costs that many scores per member instead
    /// of one per cluster (docs/benchmarks.md, "Refinement on a large store of distinct reports").
    /// </summary>
    public const int NeighbourCentroids = 32;

    /// <summary>
    /// While scoring every member against every centroid takes at most this many scores (a store of a
    /// few thousand reports, whose passes take milliseconds), every pass searches every centroid. A
    /// sparse member's score counts as the share of components it has (see <see cref="SearchCost"/>).
    /// </summary>
    public const long FullSearchScores = 2_000_000;

    /// <summary>How many nearest centroids a pass searches among; 0 for all of them.</summary>
    internal static int NeighboursFor(int pass, double searchCost, int clusterCount) =>
        pass > 0 && searchCost * clusterCount > FullSearchScores ? NeighbourCentroids : 0;

    /// <summary>
    /// The members, each counted by what scoring it against one centroid costs next to a dense score of
    /// its own length: a sparse member (hashed n-grams of a short text) touches only its non-zero components, so
    /// a search over every centroid costs it that share (the index scores its rows side by side, see
    /// <see cref="CentroidIndex"/>), and searching among neighbours would save it little.
    /// </summary>
    internal static double SearchCost(List<Cluster> clusters) =>
        clusters.Sum(c => c.Members.Sum(m => m.Support is { } support ? (double)support.Length / m.Vector.Length : 1.0));

    // Each row's `count` most similar other rows by centroid cosine, in row order.
    private static int[][] NearestCentroids(CentroidIndex index, int rows, int count)
    {
        var result = new int[rows][];
        Parallel.For(0, rows, r =>
        {
            var best = new (float Similarity, int Row)[count];
            Array.Fill(best, (float.NegativeInfinity, -1));
            for (var j = 0; j < rows; j++)
            {
                if (j == r)
                {
                    continue;
                }
                var similarity = VectorMath.Dot(index.Row(r), index.Row(j));
                if (similarity <= best[count - 1].Similarity)
                {
                    continue;
                }
                var at = count - 1;
                for (; at > 0 && best[at - 1].Similarity < similarity; at--)
                {
                    best[at] = best[at - 1];
                }
                best[at] = (similarity, j);
            }
            result[r] = [.. best.Where(b => b.Row >= 0).Select(b => b.Row).Order()];
        });
        return result;
    }

    // The member's own cluster against its neighbours (rows ascending, so the first of equals wins, as a search's does).
    private static (int Row, float RunnerUp) AmongNeighbours(CentroidIndex index, Member member, int own, int[] neighbours, float margin)
    {
        var ownSimilarity = index.Similarity(member, own);
        Span<float> similarities = stackalloc float[neighbours.Length];
        index.Similarities(member, neighbours, similarities);
        var (other, otherSimilarity, second) = (-1, float.NegativeInfinity, float.NegativeInfinity);
        for (var n = 0; n < neighbours.Length; n++)
        {
            var (row, similarity) = (neighbours[n], similarities[n]);
            if (similarity > otherSimilarity)
            {
                (second, other, otherSimilarity) = (otherSimilarity, row, similarity);
            }
            else if (similarity > second)
            {
                second = similarity;
            }
        }
        return other >= 0 && Moves(otherSimilarity, other, ownSimilarity, own, margin)
            ? (other, MathF.Max(ownSimilarity, second))
            : (own, otherSimilarity);
    }

    private static bool TryBounded(CentroidIndex index, CentroidIndex changed, int[] changedRows, int ownChangedRow,
        Member member, int own, float bound, float margin, out int row, out float runnerUp)
    {
        var ownSimilarity = index.Similarity(member, own);
        var (other, otherSimilarity, otherRunnerUp) = changed.NearestTwo(member, skip: ownChangedRow);
        var otherRow = other < 0 ? -1 : changedRows[other];
        var moves = otherRow >= 0 && Moves(otherSimilarity, otherRow, ownSimilarity, own, margin);
        (row, var second) = moves ? (otherRow, ownSimilarity) : (own, otherSimilarity);
        runnerUp = MathF.Max(bound, MathF.Max(second, otherRunnerUp));
        // The unchanged clusters are no nearer than the bound: decided when the choice beats it as a full search would need.
        return moves ? otherSimilarity > bound : ownSimilarity + margin > bound;
    }

    // Whether a member leaves its own cluster for another: nearer by more than the margin; with no margin, a tie goes to the first row, as a search's does.
    private static bool Moves(float otherSimilarity, int otherRow, float ownSimilarity, int own, float margin) =>
        otherSimilarity > ownSimilarity + margin || (margin == 0f && otherSimilarity == ownSimilarity && otherRow < own);

    private static CentroidIndex BuildIndex(List<Cluster> clusters)
    {
        var index = new CentroidIndex(clusters[0].Sum.Length, clusters.Count);
        clusters.ForEach(c => index.Append(c.Centroid));
        return index;
    }
}

/// <summary>
/// What a re-assignment pass leaves the next: the version of every centroid it searched, and for
/// every member the cluster it went to and an upper bound on its cosine to any other of them.
/// </summary>
internal sealed class ReassignBounds
{
    public Dictionary<Cluster, long> Versions { get; } = [];

    public Dictionary<string, (Cluster Own, float RunnerUp)> Items { get; } = new(StringComparer.Ordinal);
}
