using System.ComponentModel.DataAnnotations;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

/// <summary>
/// The merge bar that follows a cluster's cohesion (<see cref="GroupingOptions.MergeCohesionFactor"/>):
/// loose halves of one broad topic merge, tight neighbours at a closer centroid cosine do not; and
/// the floor under every merge (<see cref="GroupingOptions.MergeBackgroundMargin"/> and
/// <see cref="GroupingOptions.MergeFloorShare"/>): no merge leaves a cluster no tighter than the store
/// as a whole, nor one far looser than the store's typical cluster.
/// </summary>
public class MergeCohesionTests
{
    private const int Dimension = 128;
    private const int HalfSize = 20;
    private const int MaxUnrelated = 20;

    // Merging alone: nothing folded, gathered or re-assigned. The two halves are the whole store
    // here, so the floor is off but where a test turns it on.
    private static readonly GroupingOptions Options = new()
    {
        MergeThreshold = 0.85, MergeCohesionFactor = 1.25, MergeBackgroundMargin = 0, MergeFloorShare = 0, ReassignPasses = 0, FoldAfter = 1_000_000,
    };

    private static readonly double DefaultMargin = new GroupingOptions().MergeBackgroundMargin;

    // The floor as shipped.
    private static readonly GroupingOptions Floored = Options with
    {
        MergeBackgroundMargin = DefaultMargin, MergeFloorShare = new GroupingOptions().MergeFloorShare,
    };

    // One half of a topic along axis 0: each member leans on an axis of its own by `spread` (how
    // loose the topic is) and, with the rest of its half, on the half's own axis by `lean`, so the
    // halves are told apart. Exact, no noise: for these vectors the relative linkage of the two
    // halves is c² / (c² + lean²) and the centroid cosine c² / (c² + lean² + spread² / n).
    private static IEnumerable<(string, float[])> Half(string name, int halfAxis, int firstOwnAxis, float spread, float lean = 0.2236f) =>
        Enumerable.Range(0, HalfSize).Select(i =>
        {
            var v = new float[Dimension];
            v[0] = 0.5f;
            v[halfAxis] = lean;
            v[firstOwnAxis + i] = spread;
            return ($"{name}{i}", v);
        });

    // Reports about anything else, each alone in a cluster and on an axis of its own (those after the halves' axes).
    private static IEnumerable<(string, IEnumerable<(string, float[])>)> Unrelated(int count) =>
        Enumerable.Range(0, count <= MaxUnrelated ? count : throw new ArgumentOutOfRangeException(nameof(count))).Select(i =>
        {
            var v = new float[Dimension];
            v[3 + 2 * HalfSize + i] = 1f;
            return ($"u{i}", (IEnumerable<(string, float[])>)[($"u{i}-0", v)]);
        });

    // Themes far tighter than the halves, of five reports each, each theme on axes of its own (after the
    // unrelated reports' axes); the first three are each a little looser than the one before.
    private static IEnumerable<(string, IEnumerable<(string, float[])>)> Tight(int count) =>
        Enumerable.Range(0, count).Select(t => ($"t{t}", Enumerable.Range(0, 5).Select(i =>
        {
            var v = new float[Dimension];
            var spread = 0.1f * (t % 3 + 1);
            v[3 + 2 * HalfSize + MaxUnrelated + 2 * t] = 1f;
            v[3 + 2 * HalfSize + MaxUnrelated + 2 * t + 1] = i % 2 == 0 ? spread : -spread;
            return ($"t{t}-{i}", v);
        })));

    private static List<(string, IEnumerable<(string, float[])>)> Store(float spread, int unrelated = 0, int tight = 0) =>
    [
        ("a", Half("a", halfAxis: 1, firstOwnAxis: 3, spread)),
        ("b", Half("b", halfAxis: 2, firstOwnAxis: 3 + HalfSize, spread)),
        .. Unrelated(unrelated),
        .. Tight(tight),
    ];

    private static ClusterSpace Loaded(GroupingOptions options, float spread, int unrelated = 0, int tight = 0)
    {
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        space.Load(Store(spread, unrelated, tight));
        return space;
    }

    private static (float Relative, float Centroids, float Cohesion) Measure(float spread)
    {
        var a = Sum(Half("a", 1, 3, spread));
        var b = Sum(Half("b", 2, 3 + HalfSize, spread));
        float Dot(float[] x, float[] y) => x.Zip(y, (p, q) => p * q).Sum();
        var n = (float)HalfSize;
        var cohesion = (Dot(a, a) - n) / (n * (n - 1));
        return (Dot(a, b) / (n * n) / cohesion, Dot(a, b) / Dot(a, a), MathF.Sqrt(Dot(a, a)) / n);
    }

    private static float[] Sum(IEnumerable<(string, float[] Vector)> members)
    {
        var sum = new float[Dimension];
        foreach (var (_, v) in members)
        {
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            for (var d = 0; d < Dimension; d++)
            {
                sum[d] += v[d] / norm;
            }
        }

        return sum;
    }

    [Fact]
    public void Loose_halves_of_one_topic_merge_though_their_relative_linkage_is_under_the_threshold()
    {
        var (relative, centroids, cohesion) = Measure(spread: 0.866f);
        Assert.InRange(relative, 0.80f, 0.849f);
        Assert.True(centroids >= 1.25f * cohesion, $"centroid cosine {centroids} against 1.25 x cohesion {cohesion}");
        var space = Loaded(Options, spread: 0.866f);

        var plan = space.Refine();

        Assert.Equal(1, space.ClusterCount);
        Assert.Single(plan.Merges);
    }

    [Fact]
    public void Tight_neighbours_closer_than_those_halves_stay_apart()
    {
        var loose = Measure(spread: 0.866f);
        var (relative, centroids, cohesion) = Measure(spread: 0.2f);
        Assert.True(centroids > loose.Centroids, "the tight pair's centroids are the closer ones");
        Assert.True(relative < 0.85f);
        Assert.True(centroids < 1.25f * cohesion);
        var space = Loaded(Options, spread: 0.2f);

        var plan = space.Refine();

        Assert.Equal(["a", "b"], space.ClusterIds.Order());
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_factor_of_zero_leaves_the_loose_halves_to_the_relative_linkage()
    {
        var space = Loaded(Options with { MergeCohesionFactor = 0 }, spread: 0.866f);

        var plan = space.Refine();

        Assert.Equal(2, space.ClusterCount);
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_merge_threshold_of_one_turns_merging_off_whatever_the_factor()
    {
        var space = Loaded(Options with { MergeThreshold = 1.0 }, spread: 0.866f);

        space.Refine();

        Assert.Equal(2, space.ClusterCount);
    }

    [Fact]
    public void Loose_halves_that_are_the_whole_store_stay_apart_as_together_they_are_no_tighter_than_the_store()
    {
        var space = Loaded(Options with { MergeBackgroundMargin = DefaultMargin }, spread: 0.866f);

        var plan = space.Refine();

        Assert.Equal(["a", "b"], space.ClusterIds.Order());
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_merge_threshold_of_zero_still_keeps_the_floor()
    {
        var space = Loaded(Options with { MergeThreshold = 0, MergeBackgroundMargin = DefaultMargin }, spread: 0.866f);

        space.Refine();

        Assert.Equal(["a", "b"], space.ClusterIds.Order());
    }

    [Fact]
    public void The_same_halves_merge_in_a_store_that_also_holds_reports_about_other_things()
    {
        var space = Loaded(Floored, spread: 0.866f, unrelated: 20);

        var plan = space.Refine();

        Assert.Single(plan.Merges);
        Assert.Equal(21, space.ClusterCount);
        Assert.Equal(space.ClusterOf("a0"), space.ClusterOf("b0"));
    }

    [Fact]
    public void The_floor_is_the_stores_own_cohesion_plus_the_margin_rounded_up_to_a_hundredth()
    {
        var groups = Store(0.866f, unrelated: 20);
        var storeCohesion = Cohesion(groups.SelectMany(g => g.Item2));

        var floor = Refiner.MergeFloor(Clusters(groups), Options with { MergeBackgroundMargin = 0.05 });

        Assert.Equal(MathF.Ceiling((storeCohesion + 0.05f) * 100) / 100, floor, 5);
        Assert.InRange(floor - storeCohesion, 0.0499f, 0.0601f);
    }

    [Fact]
    public void The_floor_lies_at_least_the_share_of_the_way_up_to_the_median_clusters_cohesion()
    {
        // Two loose halves and three tight themes, each looser than the one before: the median is the
        // loosest tight theme, neither the tightest nor the mean. The lone unrelated reports are too
        // small to count towards the median, but count in the store's own.
        var groups = Store(0.866f, unrelated: 20, tight: 3);
        var storeCohesion = Cohesion(groups.SelectMany(g => g.Item2));
        var byCohesion = groups.Where(g => g.Item2.Count() >= 4).Select(g => Cohesion(g.Item2)).Order().ToList();
        var median = Cohesion(groups.Single(g => g.Item1 == "t2").Item2);
        Assert.Equal(median, byCohesion[2]);
        Assert.True(median < byCohesion[^1] && median > byCohesion.Average(), "the median differs from the tightest and from the mean");

        var floor = Refiner.MergeFloor(Clusters(groups), Options with { MergeBackgroundMargin = 0.05, MergeFloorShare = 0.5 });

        Assert.Equal(MathF.Ceiling((storeCohesion + 0.5f * (median - storeCohesion)) * 100) / 100, floor, 5);
        Assert.True(floor > storeCohesion + 0.05f, $"the share's floor {floor} should lie over the margin's {storeCohesion + 0.05f}");
    }

    [Fact]
    public void The_margin_stands_where_the_share_would_lie_lower()
    {
        // The store is the two halves and nothing else: the median cluster is barely tighter than the store.
        var groups = Store(0.866f);
        var storeCohesion = Cohesion(groups.SelectMany(g => g.Item2));

        var floor = Refiner.MergeFloor(Clusters(groups), Options with { MergeBackgroundMargin = 0.05, MergeFloorShare = 0.5 });

        Assert.Equal(MathF.Ceiling((storeCohesion + 0.05f) * 100) / 100, floor, 5);
    }

    [Fact]
    public void No_floor_when_the_margin_and_the_share_are_both_off()
    {
        Assert.Equal(0f, Refiner.MergeFloor(Clusters(Store(0.866f, unrelated: 20, tight: 3)), Options));
    }

    [Fact]
    public void Loose_halves_stay_apart_in_a_store_whose_clusters_are_all_far_tighter_than_they_would_be_together()
    {
        var (_, _, halfCohesion) = Measure(spread: 0.866f);
        var joined = Cohesion(Store(0.866f).SelectMany(g => g.Item2));
        Assert.InRange(joined, 0.9f * halfCohesion, halfCohesion);

        var withoutShare = Loaded(Floored with { MergeFloorShare = 0 }, spread: 0.866f, unrelated: 20, tight: 8);
        var withShare = Loaded(Floored, spread: 0.866f, unrelated: 20, tight: 8);
        withoutShare.Refine();
        var plan = withShare.Refine();

        Assert.Equal(withoutShare.ClusterOf("a0"), withoutShare.ClusterOf("b0"));
        Assert.NotEqual(withShare.ClusterOf("a0"), withShare.ClusterOf("b0"));
        Assert.Empty(plan.Merges);
    }

    private static float Cohesion(IEnumerable<(string, float[] Vector)> members)
    {
        var list = members.ToList();
        var sum = Sum(list);
        return MathF.Sqrt(sum.Sum(x => x * x)) / list.Count;
    }

    private static List<Cluster> Clusters(List<(string, IEnumerable<(string, float[])>)> groups) =>
        [.. groups.Select(g =>
        {
            var cluster = new Cluster(g.Item1, Dimension);
            foreach (var (id, v) in g.Item2)
            {
                cluster.Add(Member.Of(id, VectorMath.Normalized(v)));
            }
            return cluster;
        })];

    [Theory]
    [InlineData(-0.1, false)]
    [InlineData(0.0, true)]
    [InlineData(1.25, true)]
    [InlineData(10.5, false)]
    public void The_factor_is_validated(double factor, bool valid)
    {
        var options = new GroupingOptions { MergeCohesionFactor = factor };

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

        Assert.Equal(valid, ok);
    }

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)]
    [InlineData(0.05, true)]
    [InlineData(1.01, false)]
    public void The_margin_is_validated(double margin, bool valid)
    {
        var options = new GroupingOptions { MergeBackgroundMargin = margin };

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

        Assert.Equal(valid, ok);
    }

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)]
    [InlineData(0.5, true)]
    [InlineData(1.01, false)]
    public void The_share_is_validated(double share, bool valid)
    {
        var options = new GroupingOptions { MergeFloorShare = share };

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

        Assert.Equal(valid, ok);
    }
}
