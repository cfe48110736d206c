using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class RefineFencingTests
{
    [Theory]
    [InlineData(true, true, "into", false)]
    [InlineData(false, true, "into", true)]
    [InlineData(false, true, "out of", true)]
    [InlineData(false, false, "out of", false)]
    public void A_refinement_is_not_committed_when_a_cluster_it_changes_was_decided_while_it_was_computed(
        bool decidedBefore, bool decidedNow, string direction, bool refused)
    {
        var move = direction == "into" ? new ItemMove("x", "other", "decided") : new ItemMove("x", "decided", "other");
        var plan = new RefinementPlan([move], [], [], ["decided", "other"]);
        var frozen = decidedBefore ? new HashSet<string> { "decided" } : [];
        var now = decidedNow ? new HashSet<string> { "decided" } : [];

        Assert.Equal(refused, ClusterRefiner.ChangesNewlyDecided(plan, frozen, now));
    }

    [Fact]
    public void A_refinement_that_merges_away_a_cluster_decided_meanwhile_is_not_committed()
    {
        var plan = new RefinementPlan([new ItemMove("x", "absorbed", "survivor")], [new ClusterAbsorption("absorbed", "survivor")], ["absorbed"], ["survivor"]);

        Assert.True(ClusterRefiner.ChangesNewlyDecided(plan, new HashSet<string>(), new HashSet<string> { "absorbed" }));
    }
}
