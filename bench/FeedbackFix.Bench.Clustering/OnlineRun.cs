using System.Diagnostics;
using FeedbackFix.Clustering.Grouping;

namespace FeedbackFix.Bench.Clustering;

/// <summary>
/// Feeds items one at a time through <see cref="ClusterSpace.Assign"/>, refining every
/// <paramref name="refineEvery"/> items and once at the end, as the worker does.
/// </summary>
internal static class OnlineRun
{
    public static (string[] ClusterOfItem, TimeSpan Elapsed, int Refinements, TimeSpan SlowestRefine, TimeSpan AllRefines) Run(
        IReadOnlyList<float[]> vectors, IReadOnlyList<int> order, GroupingOptions options, int refineEvery)
    {
        var next = 0;
        var space = new ClusterSpace(options, () => $"c{next++}");
        var refinements = 0;
        var slowest = TimeSpan.Zero;
        var all = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < order.Count; n++)
        {
            space.Assign(order[n].ToString(System.Globalization.CultureInfo.InvariantCulture), vectors[order[n]]);
            if ((n + 1) % refineEvery == 0 && n + 1 < order.Count)
            {
                var took = Timed(space);
                (slowest, all) = (Max(slowest, took), all + took);
                refinements++;
            }
        }

        var last = Timed(space);
        (slowest, all) = (Max(slowest, last), all + last);
        refinements++;
        clock.Stop();
        var clusterOfItem = Enumerable.Range(0, vectors.Count)
            .Select(i => space.ClusterOf(i.ToString(System.Globalization.CultureInfo.InvariantCulture))!)
            .ToArray();
        return (clusterOfItem, clock.Elapsed, refinements, slowest, all);
    }

    private static TimeSpan Timed(ClusterSpace space)
    {
        var clock = Stopwatch.StartNew();
        space.Refine();
        return clock.Elapsed;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
