namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The agglomeration behind <see cref="Refiner.Merge"/>: the pair whose score passes the bar by the
/// widest ratio merges first, until none passes. Each cluster keeps its best partner later in row
/// order, so a merge costs one pass over the clusters (to bring those up to date) instead of a scan
/// of every pair; dot products come from the working sums when needed, so memory follows the
/// clusters' count, not its square. The decisions are those of scanning every pair at each step,
/// ties going to the pair that scan would have found last.
/// </summary>
internal sealed class Merging
{
    private readonly WorkingClusters _clusters;
    private readonly float _threshold;
    private readonly float _cohesionFactor;
    private readonly float _floor;
    private readonly float[] _squares;
    private readonly bool[] _alive;
    private readonly int[] _bestPartner;
    private readonly float[] _bestScore;

    // Clusters a past merge left as they are, among which no pair reaches the bar: those pairs are not measured again.
    private readonly bool[] _settled;

    /// <param name="floor">The cohesion a merged cluster must keep (see <see cref="Refiner.MergeFloor"/>); 0 for none.</param>
    public Merging(List<Cluster> group, float threshold, float cohesionFactor, Dictionary<string, string> absorptions, bool[]? settled = null, float floor = 0f)
    {
        (_clusters, _threshold, _cohesionFactor, _floor) = (new WorkingClusters(group, absorptions), threshold, cohesionFactor, floor);
        _squares = [.. _clusters.Sums.Select(sum => VectorMath.Dot(sum, sum))];
        _alive = [.. group.Select(_ => true)];
        _bestPartner = new int[group.Count];
        _bestScore = new float[group.Count];
        _settled = settled ?? new bool[group.Count];
    }

    public void Run()
    {
        var k = _clusters.Count;
        for (var i = 0; i < k; i++)
        {
            FindBest(i);
        }

        while (true)
        {
            var (bi, best) = (-1, _threshold);
            for (var i = 0; i < k; i++)
            {
                if (_alive[i] && _bestPartner[i] >= 0 && _bestScore[i] >= best)
                {
                    (bi, best) = (i, _bestScore[i]);
                }
            }
            if (bi < 0)
            {
                return;
            }

            var (survivor, absorbed) = Absorb(bi, _bestPartner[bi]);
            for (var i = 0; i < k; i++)
            {
                if (!_alive[i] || i == survivor)
                {
                    continue;
                }
                if (_bestPartner[i] == survivor || _bestPartner[i] == absorbed)
                {
                    FindBest(i);
                }
                else if (i < survivor && Score(i, survivor) is var score && score >= _threshold
                    && (score > _bestScore[i] || (score == _bestScore[i] && survivor > _bestPartner[i])))
                {
                    (_bestPartner[i], _bestScore[i]) = (survivor, score);
                }
            }
            FindBest(survivor);
        }
    }

    // The best partner later in row order that reaches the bar (the last of equals), or none.
    private void FindBest(int i)
    {
        var (partner, best) = (-1, _threshold);
        for (var j = i + 1; j < _clusters.Count; j++)
        {
            if (_alive[j] && !(_settled[i] && _settled[j]) && Score(i, j) is var score && score >= best)
            {
                (partner, best) = (j, score);
            }
        }
        (_bestPartner[i], _bestScore[i]) = (partner, best);
    }

    private (int Survivor, int Absorbed) Absorb(int i, int j)
    {
        var (survivor, absorbed) = _clusters.Join(i, j);
        _squares[survivor] = _clusters.Dot(survivor, survivor);
        _alive[absorbed] = false;
        _settled[survivor] = false;
        return (survivor, absorbed);
    }

    // On the relative linkage's scale: the relative linkage, or the cohesion test's ratio to its own bar times the threshold;
    // never high enough when the two together would be no tighter than the floor.
    private float Score(int i, int j)
    {
        var dot = _clusters.Dot(i, j);
        if (_floor > 0 && VectorMath.Tightness(_squares[i] + _squares[j] + 2 * dot, _clusters.Sizes[i] + _clusters.Sizes[j]) < _floor)
        {
            return float.NegativeInfinity;
        }
        var relative = dot / (_clusters.Sizes[i] * _clusters.Sizes[j]) / MathF.Sqrt(MathF.Max(1e-6f, Cohesion(i) * Cohesion(j)));
        if (_cohesionFactor <= 0)
        {
            return relative;
        }
        var centroids = dot / MathF.Sqrt(MathF.Max(1e-12f, _squares[i] * _squares[j]));
        return MathF.Max(relative, _threshold * centroids / (_cohesionFactor * MathF.Max(1e-6f, MathF.Min(Tightness(i), Tightness(j)))));
    }

    // The mean cosine between two members, and the mean member-to-centroid cosine (|sum| / n).
    private float Cohesion(int i) => (_squares[i] - _clusters.Sizes[i]) / (_clusters.Sizes[i] * (_clusters.Sizes[i] - 1));

    private float Tightness(int i) => VectorMath.Tightness(_squares[i], _clusters.Sizes[i]);
}
