using FeedbackFix.Bench.Clustering;

namespace FeedbackFix.Clustering.Tests.Grouping;

public class KMeansReferenceTests
{
    // Three tight groups around orthogonal directions, at different lengths: cosine geometry ignores length.
    private static (float[][] Vectors, string[] Labels) Blobs()
    {
        var random = new Random(7);
        var vectors = new List<float[]>();
        var labels = new List<string>();
        for (var group = 0; group < 3; group++)
        {
            for (var n = 0; n < 20; n++)
            {
                var vector = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray();
                vector[group] += 1f;
                vectors.Add([.. vector.Select(x => x * (1 + n % 3))]);
                labels.Add($"g{group}");
            }
        }

        return ([.. vectors], [.. labels]);
    }

    [Fact]
    public void Finds_well_separated_groups_exactly()
    {
        var (vectors, labels) = Blobs();

        var result = KMeansReference.Run(vectors, k: 3);

        var scores = Metrics.Score(labels, [.. result.Assignment.Select(c => c.ToString())]);
        Assert.Equal(1.0, scores.Ari, 9);
        Assert.Equal(3, scores.Clusters);
    }

    [Fact]
    public void Keeps_the_start_of_lowest_inertia_and_is_deterministic()
    {
        var (vectors, _) = Blobs();
        var unit = vectors.Select(v => v.Select(x => x / MathF.Sqrt(v.Sum(y => y * y))).ToArray()).ToArray();

        var best = KMeansReference.Run(vectors, k: 6, starts: 5);
        var again = KMeansReference.Run(vectors, k: 6, starts: 5);

        var each = Enumerable.Range(1, 5).Select(seed => KMeansReference.OneStart(unit, 6, seed).Inertia).ToList();
        Assert.Equal(each.Min(), best.Inertia, 4);
        Assert.Equal(best.Assignment, again.Assignment);
        Assert.Equal(6, best.Assignment.Distinct().Count());
    }

    [Fact]
    public void Fills_every_cluster_even_with_duplicate_items()
    {
        float[][] vectors = [[1, 0], [1, 0], [1, 0], [0, 1]];

        var result = KMeansReference.Run(vectors, k: 3);

        Assert.Equal(3, result.Assignment.Distinct().Count());
    }
}
