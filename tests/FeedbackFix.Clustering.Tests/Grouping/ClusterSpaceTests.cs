using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public class ClusterSpaceTests
{
    private static ClusterSpace NewSpace(GroupingOptions? options = null)
    {
        var next = 0;
        return new ClusterSpace(options ?? new GroupingOptions(), () => $"c{next++}");
    }

    [Fact]
    public void Assigning_an_item_twice_leaves_it_in_its_first_cluster()
    {
        var space = NewSpace();
        var first = space.Assign("a", Blobs.Axis(0));

        var again = space.Assign("a", Blobs.Axis(1));

        Assert.Equal(new Assignment(first.ClusterId, Opened: false), again);
        Assert.Equal(1, space.ItemCount);
        Assert.Equal(1, space.GetSize(first.ClusterId));
    }

    [Fact]
    public void Two_well_separated_blobs_become_two_clusters()
    {
        var space = NewSpace();
        var left = Blobs.Around(0, 10, seed: 1);
        var right = Blobs.Around(1, 10, seed: 2);

        for (var i = 0; i < 10; i++)
        {
            space.Assign($"l{i}", left[i]);
            space.Assign($"r{i}", right[i]);
        }

        space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.Single(Enumerable.Range(0, 10).Select(i => space.ClusterOf($"l{i}")).Distinct());
        Assert.Single(Enumerable.Range(0, 10).Select(i => space.ClusterOf($"r{i}")).Distinct());
        Assert.NotEqual(space.ClusterOf("l0"), space.ClusterOf("r0"));
    }

    [Fact]
    public void An_item_below_the_threshold_opens_a_new_cluster()
    {
        var space = NewSpace();
        space.Assign("a", Blobs.Axis(0));

        var assignment = space.Assign("b", Blobs.Axis(1));

        Assert.True(assignment.Opened);
        Assert.Equal(2, space.ClusterCount);
    }

    [Fact]
    public void AssignTo_puts_an_item_in_the_named_cluster_whatever_is_nearest()
    {
        var space = NewSpace(new GroupingOptions { AssignThreshold = 0.9 });
        var x = space.Assign("x", Blobs.Axis(0)).ClusterId;
        var y = space.Assign("y", Blobs.Axis(1)).ClusterId;

        Assert.True(space.AssignTo("near-x", Blobs.Axis(0), y));
        Assert.False(space.AssignTo("elsewhere", Blobs.Axis(0), "no-such-cluster"));
        Assert.True(space.AssignTo("x", Blobs.Axis(1), y));

        Assert.Equal(y, space.ClusterOf("near-x"));
        Assert.Null(space.ClusterOf("elsewhere"));
        Assert.Equal(x, space.ClusterOf("x"));
        Assert.Equal(2, space.GetSize(y));
    }

    [Fact]
    public void Refine_folds_a_stale_singleton_into_its_neighbour()
    {
        var options = new GroupingOptions { AssignThreshold = 0.95, FoldThreshold = 0.5, FoldAfter = 0 };
        var space = NewSpace(options);
        foreach (var (vector, i) in Blobs.Around(0, 6, seed: 3, noise: 0.05f).Select((v, i) => (v, i)))
        {
            space.Assign($"m{i}", vector);
        }

        var stray = Blobs.Axis(0);
        stray[1] = 0.6f; // cosine about 0.86 to the blob: too far to join online, close enough to fold
        var singleton = space.Assign("stray", stray).ClusterId;
        var blob = space.ClusterOf("m0")!;

        var plan = space.Refine();

        Assert.Equal(blob, space.ClusterOf("stray"));
        Assert.Contains(new ItemMove("stray", singleton, blob), plan.Moves);
        Assert.Contains(new ClusterAbsorption(singleton, blob), plan.Merges);
        Assert.Equal([singleton], plan.Removed);
    }

    [Fact]
    public void A_singleton_that_may_still_grow_is_not_folded()
    {
        var options = new GroupingOptions { AssignThreshold = 0.95, FoldThreshold = 0.5, FoldAfter = 100 };
        var space = NewSpace(options);
        foreach (var (vector, i) in Blobs.Around(0, 6, seed: 3, noise: 0.05f).Select((v, i) => (v, i)))
        {
            space.Assign($"m{i}", vector);
        }

        var stray = Blobs.Axis(0);
        stray[1] = 0.6f;
        var singleton = space.Assign("stray", stray).ClusterId;

        space.Refine();

        Assert.Equal(singleton, space.ClusterOf("stray"));
    }

    [Fact]
    public void Merge_keeps_the_larger_cluster_and_records_the_absorbed_one()
    {
        // Two halves of one topic, loaded as separate clusters: the bigger half's id survives. They
        // are the whole store, so the floor under merges (the store's own cohesion) is off.
        var options = new GroupingOptions { MergeThreshold = 0.75, MergeBackgroundMargin = 0, MergeFloorShare = 0, ReassignPasses = 0 };
        var space = NewSpace(options);
        var topic = Blobs.Around(0, 12, seed: 4, noise: 0.3f);
        space.Load([
            ("small", topic.Take(5).Select((v, i) => ($"s{i}", v))),
            ("large", topic.Skip(5).Select((v, i) => ($"l{i}", v))),
        ]);

        var plan = space.Refine();

        Assert.Equal(["large"], space.ClusterIds);
        Assert.Equal(12, space.GetSize("large"));
        Assert.Equal([new ClusterAbsorption("small", "large")], plan.Merges);
        Assert.Equal(5, plan.Moves.Count(m => m is { FromClusterId: "small", ToClusterId: "large" }));
        Assert.Equal(["large"], plan.Changed);
    }

    [Fact]
    public void Distinct_topics_are_not_merged()
    {
        var options = new GroupingOptions { MergeThreshold = 0.75 };
        var space = NewSpace(options);
        space.Load([
            ("x", Blobs.Around(0, 8, seed: 5, noise: 0.3f).Select((v, i) => ($"x{i}", v))),
            ("y", Blobs.Around(1, 8, seed: 6, noise: 0.3f).Select((v, i) => ($"y{i}", v))),
        ]);

        var plan = space.Refine();

        Assert.True(plan.IsEmpty);
        Assert.Equal(["x", "y"], space.ClusterIds);
    }

    [Fact]
    public void The_centroid_is_the_normalised_mean_of_the_unit_member_vectors()
    {
        var space = NewSpace(new GroupingOptions { AssignThreshold = 0.1 });
        var cluster = space.Assign("a", [3f, 0f, 0f, 0f]).ClusterId;
        space.Assign("b", [0.3f, 0.4f, 0f, 0f]);

        var centroid = space.GetCentroid(cluster);

        // Each vector counts once whatever its length: (1,0) and (0.6,0.8) sum to (1.6,0.8), normalised.
        Assert.Equal(1f, Blobs.Norm(centroid), 5);
        Assert.Equal(1.6f / MathF.Sqrt(3.2f), centroid[0], 5);
        Assert.Equal(0.8f / MathF.Sqrt(3.2f), centroid[1], 5);
    }

    [Fact]
    public void The_same_items_in_the_same_order_give_the_same_clusters()
    {
        var vectors = Enumerable.Range(0, 4).SelectMany(axis => Blobs.Around(axis, 15, seed: axis, noise: 0.9f)).ToList();
        var order = Enumerable.Range(0, vectors.Count).ToArray();
        new Random(7).Shuffle(order);

        string Run()
        {
            var space = NewSpace(new GroupingOptions { FoldAfter = 0 });
            foreach (var i in order)
            {
                space.Assign($"i{i}", vectors[i]);
                if (space.ItemCount % 20 == 0)
                {
                    space.Refine();
                }
            }

            space.Refine();
            return string.Join(";", order.Select(i => space.ClusterOf($"i{i}")));
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Frozen_clusters_keep_their_members_through_a_refine()
    {
        var options = new GroupingOptions { MergeThreshold = 0.75, ReassignPasses = 0 };
        var space = NewSpace(options);
        var topic = Blobs.Around(0, 12, seed: 4, noise: 0.3f);
        space.Load([
            ("small", topic.Take(5).Select((v, i) => ($"s{i}", v))),
            ("large", topic.Skip(5).Select((v, i) => ($"l{i}", v))),
        ]);

        var plan = space.Refine(new HashSet<string> { "small" });

        Assert.True(plan.IsEmpty);
        Assert.Equal(5, space.GetSize("small"));
    }

    [Fact]
    public void A_vector_of_another_dimension_is_rejected()
    {
        var space = NewSpace();
        space.Assign("a", Blobs.Axis(0));

        Assert.Throws<ArgumentException>(() => space.Assign("b", new float[3]));
    }

    [Fact]
    public void After_refinements_that_merge_gather_and_fold_every_centroid_is_that_of_its_members()
    {
        // Loose topics arriving online under a high join bar: halves to merge, strays to gather and fold.
        // No re-assignment, which would recompute whatever it changes after them.
        var options = new GroupingOptions { AssignThreshold = 0.9, FoldAfter = 0, GatherThreshold = 0.6, FoldThreshold = 0.3, ReassignPasses = 0 };
        var space = NewSpace(options);
        var halves = Blobs.Around(5, 16, seed: 9, noise: 0.2f);
        space.Load([("half-a", halves.Take(8).Select((v, i) => ($"a{i}", v))), ("half-b", halves.Skip(8).Select((v, i) => ($"b{i}", v)))]);
        var topics = Enumerable.Range(0, 4).Select(t => Blobs.Around(t, 40, seed: 10 + t, noise: 0.9f)).ToList();
        var (merged, moved) = (0, 0);
        for (var round = 0; round < 4; round++)
        {
            for (var i = round * 10; i < round * 10 + 10; i++)
            {
                topics.ForEach(t => space.Assign($"t{topics.IndexOf(t)}-{i}", t[i]));
            }
            var plan = space.Refine();
            (merged, moved) = (merged + plan.Merges.Count, moved + plan.Moves.Count);
            AssertCentroidsAreTheirMembers(space);
        }

        Assert.Single(new[] { "a0", "b0" }.Select(space.ClusterOf).Distinct());
        Assert.True(merged > 1 && moved > 0, $"merged {merged}, moved {moved}");
    }

    // Each centroid as the same members added in the same order, from nothing, give it.
    private static void AssertCentroidsAreTheirMembers(ClusterSpace space)
    {
        var vectors = space.Members.ToDictionary(m => m.ItemId, m => m.Vector);
        foreach (var clusterId in space.ClusterIds)
        {
            var fresh = new Cluster(clusterId, Blobs.Dimension);
            foreach (var itemId in space.GetMembers(clusterId))
            {
                fresh.Add(Member.Of(itemId, vectors[itemId]));
            }
            Assert.Equal(fresh.Centroid, space.GetCentroid(clusterId));
        }
    }
}
