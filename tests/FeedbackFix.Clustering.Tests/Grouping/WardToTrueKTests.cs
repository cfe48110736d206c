using FeedbackFix.Bench.Clustering;

namespace FeedbackFix.Clustering.Tests.Grouping;

public sealed class WardToTrueKTests
{
    [Fact]
    public void Three_themes_each_split_in_two_come_back_whole_at_k_three_and_the_passes_keep_them()
    {
        // Theme t along axis t, split into halves leaning towards two other axes; each half's own cluster.
        var vectors = new List<float[]>();
        var themes = new List<int>();
        var clusters = new List<string>();
        for (var theme = 0; theme < 3; theme++)
        {
            for (var half = 0; half < 2; half++)
            {
                for (var n = 0; n < 5; n++)
                {
                    var vector = new float[6];
                    vector[theme] = 1f;
                    vector[3 + (theme + half) % 3] = 0.2f + 0.02f * n;
                    vectors.Add(vector);
                    themes.Add(theme);
                    clusters.Add($"t{theme}h{half}");
                }
            }
        }

        var (ward, thenKMeans, _) = WardToTrueK.Apply(vectors, clusters, k: 3);

        foreach (var partition in new[] { ward, thenKMeans })
        {
            Assert.Equal(3, partition.Distinct().Count());
            Assert.All(Enumerable.Range(0, vectors.Count), i => Assert.Equal(themes[i] == themes[0], partition[i] == partition[0]));
            Assert.Equal(3, Enumerable.Range(0, vectors.Count).GroupBy(i => partition[i]).Count(g => g.Select(i => themes[i]).Distinct().Count() == 1));
        }
    }
}
