using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Tests.Grouping;
using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class RefineBesideIntakeTests
{
    private static readonly GroupingOptions Options = new() { FoldAfter = 0 };

    [Fact]
    public void A_refined_copy_decides_what_refining_the_space_itself_would_and_leaves_the_space_as_it_was()
    {
        var itself = Grown(seed: 1);
        var original = Grown(seed: 1);
        var before = Partition(original);

        var copy = original.Copy(() => throw new InvalidOperationException("refinement opens no cluster"));
        var copyPlan = copy.Refine();
        var plan = itself.Refine();

        Assert.NotEmpty(plan.Moves);
        Assert.Equal(Partition(itself), Partition(copy));
        Assert.Equal(plan.Moves, copyPlan.Moves);
        Assert.Equal(plan.Merges, copyPlan.Merges);
        Assert.Equal(before, Partition(original));
    }

    [Fact]
    public void The_difference_after_placing_the_arrivals_in_the_copy_moves_every_item_to_its_refined_cluster()
    {
        var current = Grown(seed: 2);
        var next = 0;
        var copy = current.Copy(() => $"r{next++}");
        var refinement = copy.Refine();
        var arrivals = Blobs.Around(axis: 7, count: 6, seed: 3).Concat(Blobs.Around(axis: 1, count: 6, seed: 4)).ToList();
        for (var i = 0; i < arrivals.Count; i++)
        {
            current.Assign($"late{i}", arrivals[i]);
            copy.Assign($"late{i}", arrivals[i]);
        }

        var (plan, opened) = SpaceDifference.Between(current, copy, refinement);

        var applied = Partition(current);
        foreach (var move in plan.Moves)
        {
            Assert.Equal(move.FromClusterId, applied[move.ItemId]);
            applied[move.ItemId] = move.ToClusterId;
        }
        Assert.Equal(Partition(copy), applied);
        Assert.NotEmpty(opened);
        Assert.All(opened, id => Assert.Equal(0, current.GetSize(id)));
        Assert.All(plan.Merges, merge => Assert.True(copy.GetSize(merge.SurvivorId) > 0));
        Assert.Equal(plan.Removed, plan.Merges.Select(m => m.AbsorbedId));
        Assert.All(plan.Removed, id => Assert.Equal(0, copy.GetSize(id)));
        var touched = plan.Moves.SelectMany(m => new[] { m.FromClusterId, m.ToClusterId }).Where(id => copy.GetSize(id) > 0);
        Assert.Equal(touched.ToHashSet(), plan.Changed.ToHashSet());
    }

    [Theory]
    [InlineData(true, false, "out of", true)]
    [InlineData(false, true, "out of", true)]
    [InlineData(true, true, "into", false)]
    [InlineData(false, true, "into", true)]
    [InlineData(false, false, "out of", false)]
    public void A_refinement_may_grow_a_cluster_decided_before_it_but_never_take_from_a_decided_one(
        bool decidedBefore, bool decidedNow, string direction, bool dropped)
    {
        var move = direction == "into" ? new ItemMove("x", "other", "decided") : new ItemMove("x", "decided", "other");
        var plan = new RefinementPlan([move], [], [], ["decided", "other"]);
        var frozen = decidedBefore ? new HashSet<string> { "decided" } : [];
        var now = decidedNow ? new HashSet<string> { "decided" } : [];

        Assert.Equal(dropped, SpaceDifference.TakesFromDecided(plan, frozen, now));
    }

    // Three topics arriving interleaved, each also split into a few look-alike fragments, so a
    // refinement has moves and merges to make.
    private static ClusterSpace Grown(int seed)
    {
        var next = 0;
        var space = new ClusterSpace(Options, () => $"c{next++}");
        var points = new[] { 0, 3, 7 }
            .SelectMany(axis => Blobs.Around(axis, count: 30, seed: seed + axis, noise: 0.9f).Select((v, i) => (Key: i * 3 + axis, Vector: v)))
            .OrderBy(p => p.Key)
            .ToList();
        for (var i = 0; i < points.Count; i++)
        {
            space.Assign($"item{i}", points[i].Vector);
            if (i == points.Count / 2)
            {
                space.Refine();
            }
        }

        return space;
    }

    private static Dictionary<string, string> Partition(ClusterSpace space) =>
        space.ClusterIds.SelectMany(id => space.GetMembers(id).Select(item => (item, id))).ToDictionary(p => p.item, p => p.id);
}
