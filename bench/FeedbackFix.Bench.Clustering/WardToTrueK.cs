using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Research only (<c>--research-merge ward</c>, not in the worker): what the k-means reference's knowledge
/// of k would buy the worker. From the settled partition (every cluster, single reports too), Ward's
/// agglomeration merges the pair whose merge adds least to the within-cluster sum of squares of the
/// unit vectors (n_A n_B / (n_A + n_B) times the squared distance between the mean vectors, kept by
/// the Lance-Williams update) until the true number of labels is left; then k-means passes (cosine,
/// each item to its nearest normalised centroid) until nothing moves. docs/benchmarks.md, "What the
/// k-means bar asks for".
/// </summary>
internal static class WardToTrueK
{
    private const int MaxPasses = 50;

    /// <summary>
    /// A k not told (<c>--research-merge ward-sizes</c>): the settled clusters holding at least half
    /// the mean cluster size, on the reading that a theme split by the worker leaves pieces smaller
    /// than a theme's share. docs/benchmarks.md, "A number of clusters from the settled sizes".
    /// </summary>
    public static int SizeEstimate(IReadOnlyList<string> clusters)
    {
        var sizes = clusters.GroupBy(c => c, StringComparer.Ordinal).Select(g => g.Count()).ToList();
        var half = clusters.Count / (double)sizes.Count / 2;
        return Math.Max(1, sizes.Count(size => size >= half));
    }

    public static (string[] Ward, string[] ThenKMeans, int Passes) Apply(IReadOnlyList<float[]> vectors, IReadOnlyList<string> clusters, int k)
    {
        var unit = vectors.Select(v => VectorMath.Normalized(v)).ToArray();
        var groups = clusters.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.i).ToList()).ToList();
        var n = groups.Count;
        var sizes = groups.Select(g => (double)g.Count).ToArray();
        var means = groups.Select(g =>
        {
            var sum = new float[unit[0].Length];
            g.ForEach(i => VectorMath.Add(sum, unit[i]));
            return sum.Select(x => x / g.Count).ToArray();
        }).ToArray();

        // cost[a, b]: what merging a and b adds to the sum of squares.
        var cost = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var d2 = 0.0;
                for (var f = 0; f < means[a].Length; f++)
                {
                    var d = means[a][f] - means[b][f];
                    d2 += d * d;
                }
                cost[a, b] = cost[b, a] = sizes[a] * sizes[b] / (sizes[a] + sizes[b]) * d2;
            }
        }

        var alive = Enumerable.Repeat(true, n).ToArray();
        for (var left = n; left > k; left--)
        {
            var (bestA, bestB, best) = (-1, -1, double.PositiveInfinity);
            for (var a = 0; a < n; a++)
            {
                for (var b = a + 1; alive[a] && b < n; b++)
                {
                    if (alive[b] && cost[a, b] < best)
                    {
                        (bestA, bestB, best) = (a, b, cost[a, b]);
                    }
                }
            }

            for (var other = 0; other < n; other++)
            {
                if (!alive[other] || other == bestA || other == bestB)
                {
                    continue;
                }
                var total = sizes[bestA] + sizes[bestB] + sizes[other];
                cost[bestA, other] = cost[other, bestA] =
                    ((sizes[bestA] + sizes[other]) * cost[bestA, other] + (sizes[bestB] + sizes[other]) * cost[bestB, other] - sizes[other] * best) / total;
            }
            sizes[bestA] += sizes[bestB];
            groups[bestA].AddRange(groups[bestB]);
            alive[bestB] = false;
        }

        var assignment = new int[unit.Length];
        var label = 0;
        for (var g = 0; g < n; g++)
        {
            if (alive[g])
            {
                groups[g].ForEach(i => assignment[i] = label);
                label++;
            }
        }
        var ward = assignment.Select(a => $"w{a}").ToArray();

        var passes = 0;
        for (; passes < MaxPasses; passes++)
        {
            var centroids = Enumerable.Range(0, label).Select(_ => new float[unit[0].Length]).ToArray();
            for (var i = 0; i < unit.Length; i++)
            {
                VectorMath.Add(centroids[assignment[i]], unit[i]);
            }
            var normalised = centroids.Select(c => VectorMath.Normalized(c)).ToArray();
            var moved = 0;
            for (var i = 0; i < unit.Length; i++)
            {
                var nearest = Enumerable.Range(0, label).MaxBy(c => VectorMath.Dot(unit[i], normalised[c]));
                moved += nearest != assignment[i] ? 1 : 0;
                assignment[i] = nearest;
            }
            if (moved == 0)
            {
                break;
            }
        }

        return (ward, [.. assignment.Select(a => $"k{a}")], passes);
    }
}
