using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public class AliasTests
{
    [Fact]
    public void An_item_nearest_a_merged_away_centroid_joins_the_cluster_it_was_merged_into()
    {
        var space = new ClusterSpace(new GroupingOptions(), () => "opened");
        space.Load([("target", Blobs.Around(0, 5, seed: 1).Select((v, i) => ($"t{i}", v)))]);
        space.SetAliases([("target", Blobs.Axis(1))]);

        var assignment = space.Assign("late", Blobs.Around(1, 1, seed: 2)[0]);

        Assert.Equal(new Assignment("target", Opened: false), assignment);
    }

    [Fact]
    public void Without_an_alias_the_same_item_opens_a_cluster_of_its_own()
    {
        var space = new ClusterSpace(new GroupingOptions(), () => "opened");
        space.Load([("target", Blobs.Around(0, 5, seed: 1).Select((v, i) => ($"t{i}", v)))]);

        var assignment = space.Assign("late", Blobs.Around(1, 1, seed: 2)[0]);

        Assert.Equal(new Assignment("opened", Opened: true), assignment);
    }

    [Fact]
    public void An_alias_of_a_cluster_no_longer_here_is_ignored()
    {
        var space = new ClusterSpace(new GroupingOptions(), () => "opened");
        space.Load([("target", Blobs.Around(0, 5, seed: 1).Select((v, i) => ($"t{i}", v)))]);
        space.SetAliases([("gone", Blobs.Axis(1))]);

        var assignment = space.Assign("late", Blobs.Around(1, 1, seed: 2)[0]);

        Assert.True(assignment.Opened);
    }
}
