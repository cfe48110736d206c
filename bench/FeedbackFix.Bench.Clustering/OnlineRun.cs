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
/// instant of a fake clock. Then the clock moves on by <see cref="GroupingOptions.FoldAfterQuiet"/>
/// with no new item, and the worker's idle refinement runs: the settled partition. Last, refinement
/// runs again and again until a pass changes nothing (at most <see cref="SteadyPasses"/>): what a
/// store reaches under a trickle of reports, which has the worker refine every
/// <see cref="ClusteringOptions.RefineInterval"/> for as long as it lasts.
/// </summary>
internal static class OnlineRun
{
    public const int SteadyPasses = 10;

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
                refinements.Add(Timed(space));
                sinceLast = 0;
            }
        }

        // The queue idle after the burst: the worker's idle refinement, and more while they change something.
        refinements.Add(TimedOnIdle(space, schedule.SettlePasses));
        elapsed.Stop();
        var atLastArrival = Partition(space, vectors.Count);

        clock.Advance(options.FoldAfterQuiet);
        var settling = space.HasNewlyQuietClusters() ? TimedOnIdle(space, schedule.SettlePasses) : TimeSpan.Zero;
        var settled = Partition(space, vectors.Count);

        var passes = 0;
        while (passes < SteadyPasses)
        {
            passes++;
            if (space.Refine().IsEmpty)
            {
                break;
            }
        }
        return new OnlineResult(atLastArrival, settled, Partition(space, vectors.Count), passes, elapsed.Elapsed, refinements, settling);
    }

    private static string Id(int item) => item.ToString(CultureInfo.InvariantCulture);

    private static string[] Partition(ClusterSpace space, int items) =>
        Enumerable.Range(0, items).Select(i => space.ClusterOf(Id(i))!).ToArray();

    // As the worker on an idle queue: a refinement that changed something is followed by another, up to settlePasses in all.
    private static TimeSpan TimedOnIdle(ClusterSpace space, int settlePasses)
    {
        var clock = Stopwatch.StartNew();
        for (var pass = 1; pass <= settlePasses && ClusterRefiner.Unsettled(space.Refine(), space.ItemCount); pass++)
        {
        }
        return clock.Elapsed;
    }

    private static TimeSpan Timed(ClusterSpace space)
    {
        var clock = Stopwatch.StartNew();
        space.Refine();
        return clock.Elapsed;
    }
}

/// <summary>
/// Each item's cluster when the last item was refined in, after the quiet period, and once more
/// passes changed nothing (and how many ran); the time of the online run (assignments and
/// refinements, not the settling) and of each refinement.
/// </summary>
internal sealed record OnlineResult(
    string[] AtLastArrival, string[] Settled, string[] Steady, int SteadyPasses, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Refinements, TimeSpan Settling);
