using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>The join radius: an item may join a cluster below the global threshold when it falls within the cluster's own spread.</summary>
public class SpreadTests
{
    // A loose topic: 40 points around axis 0 whose cosines to their centroid spread from about 0.85 to 1.
    private static readonly List<float[]> Loose = Blobs.Around(0, 40, seed: 11, noise: 0.4f);

    private static ClusterSpace LoadedSpace(GroupingOptions options)
    {
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        space.Load([("loose", Loose.Select((v, i) => ($"m{i}", v)))]);
        return space;
    }

    // A point at the given cosine to the loose cluster's centroid.
    private static float[] AtCosine(ClusterSpace space, float cosine) => AtCosine(space, "loose", cosine);

    private static float[] AtCosine(ClusterSpace space, string clusterId, float cosine)
    {
        var centroid = space.GetCentroid(clusterId);
        var other = Blobs.Axis(15);
        var along = centroid.Select((c, d) => other[d] - centroid[15] * c).ToArray();
        var norm = Blobs.Norm(along);
        var sine = MathF.Sqrt(1 - cosine * cosine);
        return centroid.Select((c, d) => cosine * c + sine * along[d] / norm).ToArray();
    }

    [Fact]
    public void An_item_within_a_clusters_spread_joins_it_below_the_global_threshold()
    {
        var space = LoadedSpace(new GroupingOptions { AssignThreshold = 0.99, AssignPercentile = 5, FoldThreshold = 0.35 });

        var assignment = space.Assign("new", AtCosine(space, 0.95f));

        Assert.Equal(new Assignment("loose", Opened: false), assignment);
    }

    [Fact]
    public void An_item_outside_a_clusters_spread_opens_a_new_cluster()
    {
        var space = LoadedSpace(new GroupingOptions { AssignThreshold = 0.99, AssignPercentile = 5, FoldThreshold = 0.35 });

        var assignment = space.Assign("new", AtCosine(space, 0.5f));

        Assert.True(assignment.Opened);
    }

    [Fact]
    public void Without_a_percentile_only_the_global_threshold_counts()
    {
        var space = LoadedSpace(new GroupingOptions { AssignThreshold = 0.99, AssignPercentile = 0 });

        var assignment = space.Assign("new", AtCosine(space, 0.95f));

        Assert.True(assignment.Opened);
    }

    [Fact]
    public void A_tight_cluster_never_raises_the_global_threshold()
    {
        var tight = Blobs.Around(0, 40, seed: 12, noise: 0.01f);
        var space = new ClusterSpace(new GroupingOptions { AssignThreshold = 0.6, AssignPercentile = 5 }, () => "new");
        space.Load([("tight", tight.Select((v, i) => ($"t{i}", v)))]);
        var item = Blobs.Axis(0);
        item[1] = 1f; // cosine about 0.71 to the blob: far outside its spread, above the global threshold

        var assignment = space.Assign("item", item);

        Assert.Equal(new Assignment("tight", Opened: false), assignment);
    }

    [Fact]
    public void The_radius_never_falls_below_the_fold_floor()
    {
        var space = LoadedSpace(new GroupingOptions { AssignThreshold = 0.99, AssignPercentile = 5, FoldThreshold = 0.98 });

        var assignment = space.Assign("new", AtCosine(space, 0.95f));

        Assert.True(assignment.Opened);
    }

    [Fact]
    public void Refine_measures_the_radius_of_a_cluster_grown_online()
    {
        var options = new GroupingOptions { AssignThreshold = 0.5, AssignPercentile = 5, MergeThreshold = 1.0 };
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        for (var i = 0; i < Loose.Count; i++)
        {
            space.Assign($"m{i}", Loose[i]);
        }

        space.Refine();
        options.AssignThreshold = 0.99; // from now on only the measured radius lets an item in

        var assignment = space.Assign("new", AtCosine(space, space.ClusterOf("m0")!, 0.95f));

        Assert.Equal(new Assignment(space.ClusterOf("m0")!, Opened: false), assignment);
    }
}
