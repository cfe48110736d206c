using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Labeling;

public sealed class RelabelPolicyTests
{
    private readonly RelabelPolicy policy = new(new LabelingOptions { RelabelEveryGrowth = 0.25, RelabelAlwaysBelow = 20 });

    [Fact]
    public void A_cluster_never_labelled_is_labelled()
    {
        Assert.True(policy.ShouldRelabel(labelledAtSize: 0, size: 1));
        Assert.True(policy.ShouldRelabel(labelledAtSize: 0, size: 500));
    }

    [Fact]
    public void A_small_cluster_is_relabelled_on_every_change()
    {
        Assert.True(policy.ShouldRelabel(labelledAtSize: 10, size: 11));
        Assert.True(policy.ShouldRelabel(labelledAtSize: 18, size: 19));
    }

    [Fact]
    public void A_large_cluster_waits_for_a_quarter_more_items()
    {
        Assert.False(policy.ShouldRelabel(labelledAtSize: 100, size: 101));
        Assert.False(policy.ShouldRelabel(labelledAtSize: 100, size: 124));
        Assert.True(policy.ShouldRelabel(labelledAtSize: 100, size: 125));
        Assert.True(policy.ShouldRelabel(labelledAtSize: 19, size: 24));
        Assert.False(policy.ShouldRelabel(labelledAtSize: 19, size: 23));
    }

    [Fact]
    public void A_cluster_that_shrank_by_a_quarter_is_relabelled()
    {
        Assert.False(policy.ShouldRelabel(labelledAtSize: 100, size: 80));
        Assert.True(policy.ShouldRelabel(labelledAtSize: 100, size: 75));
    }

    [Fact]
    public void An_unchanged_or_empty_cluster_is_not_relabelled()
    {
        Assert.False(policy.ShouldRelabel(labelledAtSize: 5, size: 5));
        Assert.False(policy.ShouldRelabel(labelledAtSize: 500, size: 500));
        Assert.False(policy.ShouldRelabel(labelledAtSize: 5, size: 0));
    }
}
