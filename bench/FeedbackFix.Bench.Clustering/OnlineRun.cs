using System.Diagnostics;
using System.Globalization;
using FeedbackFix.Clustering;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Feeds items one at a time through <see cref="ClusterSpace.Assign"/>, refining on the worker's
/// schedule (<see cref="ClusterRefiner.ItemsBetweenRefinements"/>) and once at the end, all at one
/// instant of a fake clock; that last refinement, on the queue gone idle, is followed at once by
/// more while each leaves the store unsettled, as the worker's (<see cref="SettleRun"/>). Then the
/// clock moves on by <see cref="GroupingOptions.FoldAfterQuiet"/> with no new item, and the
/// worker's idle refinement runs, settling the same way: the settled partition. Last, refinement
/// runs again and again until a pass changes nothing at all (at most <see cref="MaxSteadyPasses"/>):
/// what a store reaches under a trickle of reports, which has the worker refine every
/// <see cref="ClusteringOptions.RefineInterval"/> for as long as it lasts.
/// </summary>
internal static class OnlineRun
{
    public const int MaxSteadyPasses = 10;

    public static OnlineResult Run(IReadOnlyList<float[]> vectors, IReadOnlyList<int> order, GroupingOptions options, ClusteringOptions schedule)
    {
        var next = 0;
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var space = new ClusterSpace(options, () => $"c{next++}", clock);
        var refinements = new List<TimeSpan>();
        var sinceLast = 0;
        var elapsed = Stopwatch.StartNew();
        for (var n = 0; n < order.Count; n++)
        {
            space.Assign(Id(order[n]), vectors[order[n]]);
            if (++sinceLast >= ClusterRefiner.ItemsBetweenRefinements(schedule, space.ItemCount) && n + 1 < order.Count)
            {
                refinements.Add(Timed(space).Took);
                sinceLast = 0;
            }
        }

        var (took, last) = Timed(space);
        refinements.Add(took);
        elapsed.Stop();
        var settling = SettleFurther(space, last, schedule.SettlePasses, refinements);
        var atLastArrival = Partition(space, vectors.Count);

        clock.Advance(options.FoldAfterQuiet);
        if (space.HasNewlyQuietClusters())
        {
            (took, last) = Timed(space);
            settling += took + SettleFurther(space, last, schedule.SettlePasses, refinements);
        }
        var settled = Partition(space, vectors.Count);

        var (passes, converged) = (0, false);
        while (passes < MaxSteadyPasses && !converged)
        {
            passes++;
            converged = space.Refine().IsEmpty;
        }
        return new OnlineResult(atLastArrival, settled, Partition(space, vectors.Count), passes, converged, elapsed.Elapsed, refinements, settling);
    }

    private static string Id(int item) => item.ToString(CultureInfo.InvariantCulture);

    private static string[] Partition(ClusterSpace space, int items) =>
        Enumerable.Range(0, items).Select(i => space.ClusterOf(Id(i))!).ToArray();

    // As the worker on an idle queue (its SettleRun): after a pass that left the store unsettled, another, up to settlePasses in all.
    private static TimeSpan SettleFurther(ClusterSpace space, RefinementPlan first, int settlePasses, List<TimeSpan> refinements)
    {
        var all = TimeSpan.Zero;
        var run = new SettleRun();
        run.Refined(idle: true, ClusterRefiner.Unsettled(first, space.ItemCount), settlePasses);
        while (run.Continues(settlePasses))
        {
            var (took, plan) = Timed(space);
            run.Refined(idle: true, ClusterRefiner.Unsettled(plan, space.ItemCount), settlePasses);
            refinements.Add(took);
            all += took;
        }
        return all;
    }

    private static (TimeSpan Took, RefinementPlan Plan) Timed(ClusterSpace space)
    {
        var clock = Stopwatch.StartNew();
        var plan = space.Refine();
        return (clock.Elapsed, plan);
    }
}

/// <summary>
/// Each item's cluster when the last item was refined in, after the quiet period, and after the
/// steady passes (how many ran, and whether the last changed nothing); the time of the online run
/// (assignments and refinements up to the last arrival's, not the settling after it), of each
/// refinement (settling passes included), and of the settling passes together.
/// </summary>
internal sealed record OnlineResult(
    string[] AtLastArrival, string[] Settled, string[] Steady, int SteadyPasses, bool SteadyConverged,
    TimeSpan Elapsed, IReadOnlyList<TimeSpan> Refinements, TimeSpan Settling);
