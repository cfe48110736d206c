using FeedbackFix.Bench.Clustering;

namespace FeedbackFix.Clustering.Tests.Grouping;

public class MetricsTests
{
    [Fact]
    public void A_perfect_clustering_scores_one_whatever_the_cluster_names()
    {
        var scores = Metrics.Score(["a", "a", "b", "b", "c"], ["x", "x", "y", "y", "z"]);

        Assert.Equal(1.0, scores.Nmi, 9);
        Assert.Equal(1.0, scores.Ari, 9);
        Assert.Equal(1.0, scores.Accuracy, 9);
        Assert.Equal((3, 3), (scores.Clusters, scores.Labels));
    }

    [Fact]
    public void Scores_match_hand_computed_values_on_a_small_example()
    {
        // By hand (as scikit-learn): ARI = (2 - 6*3/15) / ((6+3)/2 - 6*3/15) = 0.2424...;
        // NMI = (2/3 ln 2) / ((ln 2 + ln 3) / 2) = 0.5158...
        string[] labels = ["a", "a", "a", "b", "b", "b"];
        string[] clusters = ["x", "x", "y", "y", "z", "z"];

        var scores = Metrics.Score(labels, clusters);

        Assert.Equal(0.242424, scores.Ari, 5);
        Assert.Equal(0.515804, scores.Nmi, 5);
        Assert.Equal(4 / 6.0, scores.Accuracy, 9);
    }

    [Fact]
    public void Everything_in_one_cluster_has_zero_ari_and_nmi()
    {
        var scores = Metrics.Score(["a", "a", "b", "b"], ["x", "x", "x", "x"]);

        Assert.Equal(0.0, scores.Ari, 9);
        Assert.Equal(0.0, scores.Nmi, 9);
        Assert.Equal(0.5, scores.Accuracy, 9);
    }

    [Fact]
    public void Hungarian_finds_the_minimum_cost_assignment_where_greedy_fails()
    {
        // Greedy takes (0,0)=1 then (1,1)=9 for 10; the optimum is (0,1)+(1,0) = 2+3 = 5.
        var match = Hungarian.Solve(new double[,] { { 1, 2 }, { 3, 9 } });

        Assert.Equal([1, 0], match);
    }

    [Fact]
    public void Hungarian_handles_rectangular_matrices_both_ways()
    {
        var wide = Hungarian.Solve(new double[,] { { 5, 1, 9 }, { 1, 5, 9 } });
        var tall = Hungarian.Solve(new double[,] { { 5, 1 }, { 9, 9 }, { 1, 5 } });

        Assert.Equal([1, 0], wide);
        Assert.Equal([1, -1, 0], tall);
    }
}
