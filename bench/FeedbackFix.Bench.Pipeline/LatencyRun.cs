using System.Diagnostics;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// Single reports written one at a time to an idle worker, each timed from the moment its write
/// returned (when Ingestion would answer 201) until its hash has a <c>cluster_id</c>.
/// </summary>
internal static class LatencyRun
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public static async Task<LatencyResult> MeasureAsync(
        ClusteringStack stack, IReadOnlyList<string> texts, TimeSpan spacing, CancellationToken cancellationToken)
    {
        var store = new FeedbackStore(stack.Redis, TimeProvider.System);
        var db = stack.Redis.GetDatabase();
        var samples = new List<double>(texts.Count);

        // Idle first: the worker has backed off to its longest poll interval, as it would between real reports.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        foreach (var text in texts)
        {
            var added = await store.AddAsync(Reports.From(text), traceParent: null);
            var written = Stopwatch.GetTimestamp();
            while ((await db.HashGetAsync(RedisKeys.Feedback(added.Id), "cluster_id")).IsNullOrEmpty)
            {
                if (Stopwatch.GetElapsedTime(written) > GiveUpAfter)
                {
                    throw new TimeoutException($"Report {added.Id} was not clustered within {GiveUpAfter.TotalSeconds:0} s.");
                }
                await Task.Delay(Poll, cancellationToken);
            }
            samples.Add(Stopwatch.GetElapsedTime(written).TotalMilliseconds);
            await Task.Delay(spacing, cancellationToken);
        }
        return new LatencyResult(stack.Provider, samples);
    }
}
