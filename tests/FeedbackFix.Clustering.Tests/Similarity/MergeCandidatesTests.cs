using FeedbackFix.Bench.Clustering;

namespace FeedbackFix.Clustering.Tests.Similarity;

public sealed class MergeCandidatesTests
{
    [Fact]
    public void A_theme_split_in_two_counts_both_pieces_and_finds_each_the_others_nearest_while_a_whole_theme_counts_none()
    {
        // Theme a split into a1 (along x, a little y) and a2 (along x, a little z); theme b whole, along w and far from both.
        float[][] vectors = [[1, 0.3f, 0, 0], [1, 0.25f, 0, 0], [1, 0, 0.3f, 0], [1, 0, 0.25f, 0], [0, 0, 0, 1], [0, 0.1f, 0, 1]];
        string[] labels = ["a", "a", "a", "a", "b", "b"];
        string[] clusters = ["a1", "a1", "a2", "a2", "b", "b"];

        var found = MergeCandidates.Measure(vectors, labels, clusters);

        Assert.Equal(new MergeCandidates.Found(Pieces: 2, Nearest: 2, Listed: 2), found);
    }

    [Fact]
    public void A_piece_whose_sibling_is_farther_than_the_listed_ones_is_counted_but_not_found()
    {
        // Pieces p1 and p2 of theme p lie at right angles; the five clusters c0-c4 of other themes are each nearer to both.
        var vectors = new List<float[]> { new float[] { 1, 0, 0, 0 }, new float[] { 0, 0, 0, 1 } };
        var labels = new List<string> { "p", "p" };
        var clusters = new List<string> { "p1", "p2" };
        for (var other = 0; other < 5; other++)
        {
            vectors.Add([1, 0.2f * (other + 1), 0.1f, 0.5f]);
            labels.Add($"o{other}");
            clusters.Add($"c{other}");
        }

        var found = MergeCandidates.Measure(vectors, labels, clusters);

        Assert.Equal(new MergeCandidates.Found(Pieces: 2, Nearest: 0, Listed: 0), found);
    }
}
