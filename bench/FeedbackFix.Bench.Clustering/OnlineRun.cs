using System.Diagnostics;
using System.Globalization;
using FeedbackFix.Clustering.Grouping;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Feeds items one at a time through <see cref="ClusterSpace.Assign"/>, refining every
/// <paramref name="refineEvery"/> items and once at the end, as the worker does, all at one
/// instant of a fake clock. Then the clock moves on by <see cref="GroupingOptions.FoldAfterQuiet"/>
/// with no new item, and the worker's idle refinement runs: the settled partition.
/// </summary>
internal static class OnlineRun
{
    public static OnlineResult Run(IReadOnlyList<float[]> vectors, IReadOnlyList<int> order, GroupingOptions options, int refineEvery)
    {
        var next = 0;
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var space = new ClusterSpace(options, () => $"c{next++}", clock);
        var refinements = new List<TimeSpan>();
        var elapsed = Stopwatch.StartNew();
        for (var n = 0; n < order.Count; n++)
        {
            space.Assign(Id(order[n]), vectors[order[n]]);
            if ((n + 1) % refineEvery == 0 && n + 1 < order.Count)
            {
                refinements.Add(Timed(space));
            }
        }

        refinements.Add(Timed(space));
        elapsed.Stop();
        var atLastArrival = Partition(space, vectors.Count);

        clock.Advance(options.FoldAfterQuiet);
        var settling = space.HasNewlyQuietClusters() ? Timed(space) : TimeSpan.Zero;
        return new OnlineResult(atLastArrival, Partition(space, vectors.Count), elapsed.Elapsed, refinements, settling);
    }

    private static string Id(int item) => item.ToString(CultureInfo.InvariantCulture);

    private static string[] Partition(ClusterSpace space, int items) =>
        Enumerable.Range(0, items).Select(i => space.ClusterOf(Id(i))!).ToArray();

    private static TimeSpan Timed(ClusterSpace space)
    {
        var clock = Stopwatch.StartNew();
        space.Refine();
        return clock.Elapsed;
    }
}

/// <summary>
/// Each item's cluster when the last item was refined in, and after the quiet period; the time
/// of the online run (assignments and refinements, not the settling) and of each refinement.
/// </summary>
internal sealed record OnlineResult(
    string[] AtLastArrival, string[] Settled, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Refinements, TimeSpan Settling);
