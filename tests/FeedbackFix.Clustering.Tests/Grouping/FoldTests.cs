using FeedbackFix.Clustering.Grouping;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>Dissolving quiet clusters: pieces of a larger neighbour go, separate topics stand, quiet comes with arrivals or time.</summary>
public class FoldTests
{
    // A tight topic around axis 0: its members' cosines to the centroid are all above 0.97.
    private static readonly List<float[]> Main = Blobs.Around(0, 30, seed: 5, noise: 0.2f);

    // Dissolving alone: no merging, no re-assignment; quiet as soon as loaded.
    private static readonly GroupingOptions Options = new()
    {
        AssignThreshold = 0.99, MergeThreshold = 1.0, ReassignPasses = 0, FoldAfter = 0,
        MinClusterSize = 4, FragmentSize = 10, FragmentMargin = 0.1, FoldThreshold = 0.35,
    };

    // count tight points whose direction has the given cosine to axis 0, leaning towards another axis.
    private static IEnumerable<float[]> Leaning(int count, float cosine, int towards, int seed) =>
        Blobs.Around(0, count, seed, noise: 0.02f).Select(v =>
        {
            v[towards] += MathF.Sqrt(1 - cosine * cosine) / cosine;
            return v;
        });

    private static ClusterSpace Loaded(GroupingOptions options, params (string Id, IEnumerable<float[]> Vectors)[] clusters)
    {
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        space.Load(clusters.Select(c => (c.Id, c.Vectors.Select((v, i) => ($"{c.Id}{i}", v)))));
        return space;
    }

    [Fact]
    public void A_quiet_fragment_within_a_larger_clusters_spread_is_dissolved_into_it()
    {
        var space = Loaded(Options, ("main", Main), ("piece", Leaning(6, 0.92f, towards: 15, seed: 6)));

        var plan = space.Refine();

        Assert.Equal(1, space.ClusterCount);
        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal("main", space.ClusterOf($"piece{i}")));
        Assert.Equal([new ClusterAbsorption("piece", "main")], plan.Merges);
    }

    [Fact]
    public void A_quiet_cluster_of_the_same_size_outside_its_neighbours_spread_stands()
    {
        // Close enough to fold a stray item (0.6 > 0.35), but not part of main's spread: its own topic.
        var space = Loaded(Options, ("main", Main), ("apart", Leaning(6, 0.6f, towards: 14, seed: 7)));

        var plan = space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.Empty(plan.Moves);
    }

    [Fact]
    public void A_cluster_of_the_fragment_size_stands_however_close_it_is()
    {
        var space = Loaded(Options with { FragmentSize = 6 }, ("main", Main), ("piece", Leaning(6, 0.92f, towards: 15, seed: 6)));

        space.Refine();

        Assert.Equal(2, space.ClusterCount);
    }

    [Fact]
    public void Quiet_fragments_are_not_folded_into_each_other()
    {
        var space = Loaded(Options, ("five", Main.Take(5)), ("six", Leaning(6, 0.92f, towards: 15, seed: 6)));

        var plan = space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.Empty(plan.Merges);
    }

    [Fact]
    public void Two_fragments_of_one_large_cluster_both_go_into_it_whatever_their_order()
    {
        // Alone, each is a piece of main; the smaller one, handled first, must not join the other.
        var space = Loaded(Options, ("main", Main), ("six", Leaning(6, 0.92f, towards: 15, seed: 6)), ("five", Leaning(5, 0.92f, towards: 14, seed: 8)));

        var plan = space.Refine();

        Assert.Equal(1, space.ClusterCount);
        Assert.Equal([new ClusterAbsorption("five", "main"), new ClusterAbsorption("six", "main")], plan.Merges);
    }

    [Fact]
    public void A_small_cluster_that_stopped_growing_is_dissolved_once_quiet_for_the_set_time_with_no_new_arrivals()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new GroupingOptions { AssignThreshold = 0.95, FoldThreshold = 0.5, FoldAfter = 1_000, FoldAfterQuiet = TimeSpan.FromMinutes(10) };
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}", clock);
        foreach (var (vector, i) in Blobs.Around(0, 6, seed: 3, noise: 0.05f).Select((v, i) => (v, i)))
        {
            space.Assign($"m{i}", vector);
        }

        var stray = Blobs.Axis(0);
        stray[1] = 0.6f; // cosine about 0.86 to the blob: too far to join online, close enough to fold
        var singleton = space.Assign("stray", stray).ClusterId;
        space.Refine();
        Assert.Equal(singleton, space.ClusterOf("stray"));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(space.HasNewlyQuietClusters());

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(space.HasNewlyQuietClusters());
        space.Refine();

        Assert.Equal(space.ClusterOf("m0"), space.ClusterOf("stray"));
        Assert.False(space.HasNewlyQuietClusters());
    }

    [Fact]
    public void Loading_starts_every_clusters_quiet_period_afresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = Options with { FoldAfter = 1_000, FoldAfterQuiet = TimeSpan.FromMinutes(10) };
        var space = new ClusterSpace(options, () => "new", clock);
        space.Load([("main", Main.Select((v, i) => ($"main{i}", v))), ("piece", Leaning(6, 0.92f, towards: 15, seed: 6).Select((v, i) => ($"piece{i}", v)))]);

        space.Refine();
        Assert.Equal(2, space.ClusterCount);

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(space.HasNewlyQuietClusters());
        space.Refine();
        Assert.Equal(1, space.ClusterCount);
    }
}
