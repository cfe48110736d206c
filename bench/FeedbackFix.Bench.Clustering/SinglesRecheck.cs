using System.Globalization;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Research only (<c>--recheck-singles BAR</c>, not in the worker): once settled, every member of a
/// cluster under <see cref="GroupingOptions.MinClusterSize"/> joins its nearest established cluster
/// (one of at least that size) when its cosine to that centroid reaches the bar. BAR is a cosine, or
/// <c>spread</c>: the target's own join bar less the fragment margin, as the worker's piece-of test
/// (the lower of <see cref="GroupingOptions.AssignThreshold"/> and the
/// <see cref="GroupingOptions.AssignPercentile"/> percentile of its members' cosines to its centroid,
/// less <see cref="GroupingOptions.FragmentMargin"/>), so the bar follows each cluster's spread and
/// the embedding's scale. Centroids are measured on the settled partition and not moved by joins.
/// </summary>
internal static class SinglesRecheck
{
    public static string[] Apply(IReadOnlyList<float[]> vectors, IReadOnlyList<string> clusters, GroupingOptions options, string bar)
    {
        var established = Established(vectors, clusters, options);
        var result = clusters.ToArray();
        foreach (var item in SmallClusterItems(clusters, options.MinClusterSize))
        {
            var (target, cosine) = Nearest(established, vectors[item]);
            var needed = bar == "spread"
                ? Math.Min(options.AssignThreshold, target.Radius) - options.FragmentMargin
                : double.Parse(bar, CultureInfo.InvariantCulture);
            if (cosine >= needed)
            {
                result[item] = target.Id;
            }
        }

        return result;
    }

    /// <summary>
    /// The items alone in a cluster: how close their nearest established cluster is (cosine quartiles),
    /// and how many share the majority label of that cluster (they would be right there).
    /// </summary>
    public static string Describe(IReadOnlyList<float[]> vectors, IReadOnlyList<string> labels, IReadOnlyList<string> clusters, GroupingOptions options)
    {
        var established = Established(vectors, clusters, options);
        var singles = clusters.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).Select(g => g.Single().i).ToList();
        if (singles.Count == 0 || established.Count == 0)
        {
            return "no single-report clusters";
        }

        var majority = established.ToDictionary(e => e.Id, e => e.Items.GroupBy(i => labels[i]).MaxBy(g => g.Count())!.Key);
        var nearest = singles.Select(i => (Item: i, Hit: Nearest(established, vectors[i]))).ToList();
        var cosines = nearest.Select(n => n.Hit.Cosine).Order().ToList();
        var right = nearest.Count(n => majority[n.Hit.Target.Id] == labels[n.Item]);
        double Quantile(double q) => cosines[(int)(q * (cosines.Count - 1))];
        return $"{singles.Count} alone; cosine to the nearest established cluster p10 {Quantile(0.1):F2}, p50 {Quantile(0.5):F2}, p90 {Quantile(0.9):F2}; " +
               $"{right} ({100.0 * right / singles.Count:F0}%) share that cluster's majority label";
    }

    private static IEnumerable<int> SmallClusterItems(IReadOnlyList<string> clusters, int minSize) =>
        clusters.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
            .Where(g => g.Count() < minSize).SelectMany(g => g.Select(x => x.i)).Order();

    private static List<Target> Established(IReadOnlyList<float[]> vectors, IReadOnlyList<string> clusters, GroupingOptions options) =>
        [.. clusters.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
            .Where(g => g.Count() >= options.MinClusterSize)
            .Select(g =>
            {
                var items = g.Select(x => x.i).ToList();
                var sum = new float[vectors[0].Length];
                items.ForEach(i => VectorMath.Add(sum, VectorMath.Normalized(vectors[i])));
                var centroid = VectorMath.Normalized(sum);
                var spread = items.Select(i => (double)VectorMath.Dot(VectorMath.Normalized(vectors[i]), centroid)).Order().ToList();
                var radius = spread[(int)(options.AssignPercentile / 100 * (spread.Count - 1))];
                return new Target(g.Key, items, centroid, radius);
            })];

    private static (Target Target, double Cosine) Nearest(List<Target> established, float[] vector)
    {
        var unit = VectorMath.Normalized(vector);
        return established.Select(t => (t, (double)VectorMath.Dot(unit, t.Centroid))).MaxBy(x => x.Item2);
    }

    private sealed record Target(string Id, List<int> Items, float[] Centroid, double Radius);
}
