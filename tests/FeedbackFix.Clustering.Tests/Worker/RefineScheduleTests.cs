using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class RefineScheduleTests
{
    [Theory]
    [InlineData(0, 500)]
    [InlineData(2_500, 500)]
    [InlineData(4_000, 800)]
    [InlineData(100_000, 20_000)]
    public void A_store_is_refined_after_the_fixed_step_or_its_growth_fraction_whichever_is_more(int storeItems, int expected)
    {
        var settings = new ClusteringOptions { RefineEveryItems = 500, RefineGrowthFraction = 0.2 };

        Assert.Equal(expected, ClusterRefiner.ItemsBetweenRefinements(settings, storeItems));
    }

    [Fact]
    public void A_growth_fraction_of_zero_keeps_the_fixed_step()
    {
        var settings = new ClusteringOptions { RefineEveryItems = 500, RefineGrowthFraction = 0 };

        Assert.Equal(500, ClusterRefiner.ItemsBetweenRefinements(settings, 1_000_000));
    }

    [Fact]
    public void Refinements_over_a_growing_store_add_up_to_a_multiple_of_its_size_not_its_square()
    {
        var settings = new ClusteringOptions { RefineEveryItems = 500, RefineGrowthFraction = 0.2 };
        var (store, refinements, itemsVisited) = (0L, 0, 0L);
        while (store < 1_000_000)
        {
            store += ClusterRefiner.ItemsBetweenRefinements(settings, (int)store);
            refinements++;
            itemsVisited += store;
        }

        Assert.InRange(refinements, 30, 45);
        Assert.True(itemsVisited < 7 * store, $"{itemsVisited} items visited over a store of {store}");
    }

    [Fact]
    public void An_idle_refinement_that_left_the_store_unsettled_is_followed_by_more_up_to_the_settle_passes()
    {
        var run = new SettleRun();
        Assert.False(run.Continues(settlePasses: 3));

        var passes = 1;
        run.Refined(idle: true, unsettled: true, settlePasses: 3);
        while (run.Continues(settlePasses: 3))
        {
            passes++;
            run.Refined(idle: true, unsettled: true, settlePasses: 3);
        }

        Assert.Equal(3, passes);
    }

    [Fact]
    public void A_pass_that_settled_the_store_ends_the_run()
    {
        var run = new SettleRun();
        run.Refined(idle: true, unsettled: true, settlePasses: 10);

        run.Refined(idle: true, unsettled: false, settlePasses: 10);

        Assert.False(run.Continues(settlePasses: 10));
    }

    [Fact]
    public void A_refinement_while_items_arrive_ends_the_run_and_items_placed_without_one_only_pause_it()
    {
        var run = new SettleRun();
        run.Refined(idle: true, unsettled: true, settlePasses: 10);
        // Items placed in between call no Refined: the run goes on once the queue is idle again.
        Assert.True(run.Continues(settlePasses: 10));

        run.Refined(idle: false, unsettled: true, settlePasses: 10);

        Assert.False(run.Continues(settlePasses: 10));
    }

    [Fact]
    public void An_idle_refinement_due_for_another_reason_after_a_run_reached_its_cap_starts_a_new_run()
    {
        var run = new SettleRun();
        for (var pass = 0; pass < 2; pass++)
        {
            run.Refined(idle: true, unsettled: true, settlePasses: 2);
        }
        Assert.False(run.Continues(settlePasses: 2));

        run.Refined(idle: true, unsettled: true, settlePasses: 2);

        Assert.True(run.Continues(settlePasses: 2));
    }

    [Fact]
    public void The_next_pass_of_a_run_is_due_at_once_on_a_queue_that_stayed_idle()
    {
        var run = new SettleRun();
        run.Refined(idle: true, unsettled: true, settlePasses: 10, took: TimeSpan.FromSeconds(5));

        Assert.True(run.Due(settlePasses: 10, placedSince: false, sinceLastEnded: TimeSpan.Zero));
    }

    [Fact]
    public void After_items_were_placed_the_next_pass_waits_until_settling_kept_to_its_share_of_the_time()
    {
        var run = new SettleRun();
        var took = TimeSpan.FromSeconds(2);
        run.Refined(idle: true, unsettled: true, settlePasses: 10, took: took);

        var wait = took * ((1 - BusyPacing.Share) / BusyPacing.Share);
        Assert.False(run.Due(settlePasses: 10, placedSince: true, sinceLastEnded: wait - TimeSpan.FromMilliseconds(1)));
        Assert.True(run.Due(settlePasses: 10, placedSince: true, sinceLastEnded: wait));
    }

    [Fact]
    public void A_run_that_ended_has_no_pass_due()
    {
        var run = new SettleRun();
        run.Refined(idle: true, unsettled: false, settlePasses: 10, took: TimeSpan.FromSeconds(1));

        Assert.False(run.Due(settlePasses: 10, placedSince: false, sinceLastEnded: TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void One_settle_pass_refines_once()
    {
        var run = new SettleRun();

        run.Refined(idle: true, unsettled: true, settlePasses: 1);

        Assert.False(run.Continues(settlePasses: 1));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(0, 5, false)]
    [InlineData(0, 6, true)]
    [InlineData(1, 0, true)]
    public void A_pass_that_removed_a_cluster_or_moved_more_than_one_item_in_200_leaves_the_store_unsettled(int removed, int moved, bool unsettled)
    {
        var plan = new RefinementPlan(
            [.. Enumerable.Range(0, moved).Select(i => new ItemMove($"i{i}", "a", "b"))],
            [.. Enumerable.Range(0, removed).Select(i => new ClusterAbsorption($"gone{i}", "a"))],
            [.. Enumerable.Range(0, removed).Select(i => $"gone{i}")],
            moved + removed > 0 ? ["a", "b"] : []);

        Assert.Equal(unsettled, ClusterRefiner.Unsettled(plan, storeItems: 1_000));
    }
}
