using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class MembershipPlannerTests
{
    [Fact]
    public void New_items_become_one_update_per_cluster_with_the_spaces_centroid_and_size()
    {
        var next = 0;
        var space = new ClusterSpace(new GroupingOptions(), () => $"c{next++}");
        var placed = new[] { ("a", space.Assign("a", [1f, 0f])), ("b", space.Assign("b", [0.99f, 0.01f])), ("z", space.Assign("z", [0f, 1f])) };

        var changes = MembershipPlanner.ForAssignments(space, placed);

        Assert.Equal(2, changes.Updates.Count);
        var first = changes.Updates.Single(u => u.AddedItems.Contains("a"));
        Assert.Equal(["a", "b"], first.AddedItems);
        Assert.True(first.Opened);
        Assert.Equal(space.GetCentroid(first.ClusterId), first.Centroid);
    }

    [Fact]
    public void A_refinement_becomes_moves_on_changed_clusters_and_merges_that_point_at_survivors()
    {
        var plan = new RefinementPlan(
            [new ItemMove("x", "small", "big")],
            [new ClusterAbsorption("small", "big")],
            ["small"],
            ["big"]);
        var next = 0;
        var space = new ClusterSpace(new GroupingOptions(), () => $"c{next++}");
        space.Load([("big", [("x", [1f, 0f]), ("y", [1f, 0f])])]);

        var changes = MembershipPlanner.ForRefinement(space, plan);

        var update = Assert.Single(changes.Updates);
        Assert.Equal("big", update.ClusterId);
        Assert.Equal(["x"], update.AddedItems);
        Assert.Empty(update.RemovedItems);
        Assert.Equal(("small", "big"), (changes.Merges.Single().AbsorbedId, changes.Merges.Single().SurvivorId));
    }
}
