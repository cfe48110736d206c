using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Clustering.Tests.Grouping;

public sealed class ClusterSpaceCopyTests
{
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

    // Three topics arriving interleaved, each also split into a few look-alike fragments, so a
    // refinement has moves and merges to make.
    private static ClusterSpace Grown(int seed)
    {
        var next = 0;
        var space = new ClusterSpace(new GroupingOptions { FoldAfter = 0 }, () => $"c{next++}");
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
