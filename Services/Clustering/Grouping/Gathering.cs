namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The agglomeration behind <see cref="Refiner.Gather"/>: average linkage (the mean cosine between a
/// member of A and a member of B, sumA.sumB / (nA nB)), the closest pair first, while it reaches the
/// bar. It keeps only the pairs that reach the bar, so its cost follows the strays' count and those
/// pairs instead of the square of the count at every step: the linkage of a merged cluster to a third
/// is the size-weighted mean of its two parts' linkages, so it can reach the bar only where one part
/// did, and a merge looks again only at the two parts' partners. The decisions are those of scanning
/// every pair for the closest at each step, ties going to the pair that scan would have found last.
/// </summary>
internal sealed class Gathering(List<Cluster> group, float threshold, Dictionary<string, string> absorptions, bool[]? settled = null)
{
    // Strays a past gathering left as they are, among which no pair reached the bar: those pairs are not measured again.
    private readonly bool[] _settled = settled ?? new bool[group.Count];

    private readonly WorkingClusters _clusters = new(group, absorptions);
    private readonly int[] _versions = new int[group.Count];
    private readonly HashSet<int>?[] _partners = new HashSet<int>?[group.Count];

    // The closest pair first; among equal linkages the later pair in row order, as a scan keeping the last best would.
    private readonly PriorityQueue<Pair, Pair> _queue = new(Comparer<Pair>.Create((x, y) =>
        y.Link.CompareTo(x.Link) is var byLink and not 0 ? byLink : y.I != x.I ? y.I.CompareTo(x.I) : y.J.CompareTo(x.J)));

    public void Run()
    {
        var k = group.Count;
        for (var i = 0; i < k; i++)
        {
            _partners[i] = [];
        }
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                if (!(_settled[i] && _settled[j]))
                {
                    Consider(i, j);
                }
            }
        }

        while (_queue.TryDequeue(out var pair, out _))
        {
            if (_partners[pair.I] is null || _partners[pair.J] is null || _versions[pair.I] != pair.VersionI || _versions[pair.J] != pair.VersionJ)
            {
                continue;
            }
            Absorb(pair.I, pair.J);
        }
    }

    private float Link(int i, int j) => _clusters.Dot(i, j) / (_clusters.Sizes[i] * _clusters.Sizes[j]);

    // Records the pair (as partners, and in the queue) when its linkage reaches the bar.
    private void Consider(int i, int j)
    {
        var link = Link(i, j);
        if (link >= threshold)
        {
            _partners[i]!.Add(j);
            _partners[j]!.Add(i);
            var (first, second) = i < j ? (i, j) : (j, i);
            var pair = new Pair(link, first, second, _versions[first], _versions[second]);
            _queue.Enqueue(pair, pair);
        }
    }

    private void Absorb(int i, int j)
    {
        var (survivor, absorbed) = _clusters.Join(i, j);
        _versions[survivor]++;

        var candidates = _partners[survivor]!;
        candidates.UnionWith(_partners[absorbed]!);
        candidates.Remove(survivor);
        candidates.Remove(absorbed);
        _partners[absorbed] = null;
        _partners[survivor] = [];
        foreach (var other in candidates)
        {
            _partners[other]!.Remove(absorbed);
            _partners[other]!.Remove(survivor);
            Consider(survivor, other);
        }
    }

    private readonly record struct Pair(float Link, int I, int J, int VersionI, int VersionJ);
}
