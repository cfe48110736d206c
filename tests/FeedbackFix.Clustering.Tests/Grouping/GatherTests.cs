using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>Gathering quiet clusters too small to stand with each other when nothing established is near (docs/architecture.md, "Clustering").</summary>
public class GatherTests
{
    // Gathering alone: no merging, no re-assignment; quiet as soon as loaded.
    private static readonly GroupingOptions Options = new()
    {
        AssignThreshold = 0.99, MergeThreshold = 1.0, ReassignPasses = 0, FoldAfter = 0,
        MinClusterSize = 4, FragmentSize = 10, FoldThreshold = 0.35, GatherThreshold = 0.35,
    };

    // Every vector loaded as a cluster of its own, named by its topic and position.
    private static ClusterSpace LoadedAlone(GroupingOptions options, params (string Topic, IEnumerable<float[]> Vectors)[] topics)
    {
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        space.Load(topics.SelectMany(t => t.Vectors.Select((v, i) => ($"{t.Topic}{i}", (IEnumerable<(string, float[])>)[($"{t.Topic}{i}", v)]))));
        return space;
    }

    [Fact]
    public void A_young_store_of_single_reports_gathers_into_its_topics()
    {
        var space = LoadedAlone(Options, ("a", Blobs.Around(0, 3, seed: 1, noise: 0.4f)), ("b", Blobs.Around(1, 3, seed: 2, noise: 0.4f)));

        var plan = space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.All(["a1", "a2"], id => Assert.Equal(space.ClusterOf("a0"), space.ClusterOf(id)));
        Assert.All(["b1", "b2"], id => Assert.Equal(space.ClusterOf("b0"), space.ClusterOf(id)));
        Assert.NotEqual(space.ClusterOf("a0"), space.ClusterOf("b0"));
        // The emptied clusters point to the ones that took their reports.
        Assert.Equal(4, plan.Merges.Count);
    }

    [Fact]
    public void Reports_on_unrelated_subjects_stay_alone()
    {
        var space = LoadedAlone(Options, ("x", [Blobs.Axis(0)]), ("y", [Blobs.Axis(1)]), ("z", [Blobs.Axis(2)]));

        var plan = space.Refine();

        Assert.Equal(3, space.ClusterCount);
        Assert.Empty(plan.Merges);
    }

    [Fact]
    public void Single_reports_still_within_their_quiet_period_are_left_alone()
    {
        var options = Options with { FoldAfter = 1_000, FoldAfterQuiet = TimeSpan.FromMinutes(10) };
        var space = LoadedAlone(options, ("a", Blobs.Around(0, 3, seed: 1, noise: 0.4f)));

        space.Refine();

        Assert.Equal(3, space.ClusterCount);
    }

    [Fact]
    public void A_gather_threshold_of_one_turns_gathering_off()
    {
        var space = LoadedAlone(Options with { GatherThreshold = 1.0 }, ("a", Blobs.Around(0, 3, seed: 1, noise: 0.4f)));

        space.Refine();

        Assert.Equal(3, space.ClusterCount);
    }

    // A report on a theme: a share common to both themes (axis 0), its theme's axis, and an axis
    // of its own. Two reports of one theme: cosine 0.52 (under the assign threshold, over the
    // gather threshold); of two themes: 0.36.
    private static float[] Report(int themeAxis, int ownAxis)
    {
        var v = new float[Blobs.Dimension];
        (v[0], v[themeAxis], v[ownAxis]) = (0.6f, 0.4f, 0.69f);
        return v;
    }

    // The default options but quiet at once.
    private static ClusterSpace QuietAtOnce()
    {
        var next = 0;
        return new ClusterSpace(new GroupingOptions { FoldAfter = 0 }, () => $"c{next++}");
    }

    // Reports x0, x1, ... on theme x (axis 1) or y0, y1, ... on theme y (axis 2), each alone as it arrives.
    private static void Arrive(ClusterSpace space, char theme, int count)
    {
        for (var i = 0; i < count; i++)
        {
            space.Assign($"{theme}{i}", theme == 'x' ? Report(themeAxis: 1, ownAxis: 3 + i) : Report(themeAxis: 2, ownAxis: 8 + i));
        }
    }

    [Fact]
    public void A_small_theme_that_gathering_formed_is_not_folded_into_its_neighbour_by_later_refinements()
    {
        // A young store of seven reports on two themes, four and three.
        var space = QuietAtOnce();
        Arrive(space, 'x', 4);
        Arrive(space, 'y', 3);
        Assert.Equal(7, space.ClusterCount);

        space.Refine();
        Assert.Equal(2, space.ClusterCount);

        // Each later refinement sees the three as a cluster under the minimum size, with the four
        // established next to it (its members at a cosine of 0.45 to it, over the fold threshold,
        // and of 0.6 to the rest of their own group).
        for (var pass = 0; pass < 5; pass++)
        {
            space.Refine();
        }

        Assert.Equal(2, space.ClusterCount);
        Assert.All(["x1", "x2", "x3"], id => Assert.Equal(space.ClusterOf("x0"), space.ClusterOf(id)));
        Assert.All(["y1", "y2"], id => Assert.Equal(space.ClusterOf("y0"), space.ClusterOf(id)));
        Assert.NotEqual(space.ClusterOf("x0"), space.ClusterOf("y0"));
    }

    [Fact]
    public void A_later_batch_on_a_new_theme_gathers_with_itself_rather_than_folding_into_an_established_neighbour()
    {
        var space = QuietAtOnce();
        Arrive(space, 'x', 4);
        space.Refine();
        Assert.Equal(1, space.ClusterCount);

        // Later, four reports on another theme: each at 0.45 to the established theme (over the fold
        // threshold) and at 0.52 to each other (over the gather threshold).
        Arrive(space, 'y', 4);
        space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.All(["y1", "y2", "y3"], id => Assert.Equal(space.ClusterOf("y0"), space.ClusterOf(id)));
        Assert.NotEqual(space.ClusterOf("x0"), space.ClusterOf("y0"));
    }

    [Fact]
    public void A_small_theme_read_back_by_a_reload_is_still_kept_apart_from_its_neighbour()
    {
        // A restart reads the clusters back from Redis, without the memory of what gathering formed.
        var next = 0;
        var space = new ClusterSpace(new GroupingOptions { FoldAfter = 0 }, () => $"c{next++}");
        space.Load([
            ("x", Enumerable.Range(0, 4).Select(i => ($"x{i}", Report(themeAxis: 1, ownAxis: 3 + i)))),
            ("y", Enumerable.Range(0, 3).Select(i => ($"y{i}", Report(themeAxis: 2, ownAxis: 8 + i)))),
        ]);

        for (var pass = 0; pass < 5; pass++)
        {
            space.Refine();
        }

        Assert.Equal(["x", "y"], space.ClusterIds.Order());
        Assert.Equal(3, space.GetSize("y"));
    }
}
