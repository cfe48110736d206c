using System.Diagnostics;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// Writes items the way Ingestion does (<see cref="FeedbackStore.AddManyAsync"/>: item, indexes
/// and stream entry in one script each) and times from the first write until the worker has
/// clustered and acknowledged every one.
/// </summary>
internal static class PipelineRun
{
    private const int WriteChunk = 500;

    /// <summary>
    /// Warms the worker (JIT, model, first clusters) with a few items, untimed, until it has gone
    /// quiet: what it does only once its queue is idle (settling, labelling) is warmed too, and
    /// does not run into the measured burst.
    /// </summary>
    public static async Task WarmUpAsync(ClusteringStack stack, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var store = new FeedbackStore(stack.Redis, TimeProvider.System);
        await store.AddManyAsync([.. texts.Select(Reports.From)], traceParent: null);
        await QueueState.WaitQuietAsync(stack.Redis.GetDatabase(), TimeSpan.FromMinutes(2), cancellationToken);
    }

    public static async Task<PipelineResult> MeasureAsync(ClusteringStack stack, string[] texts, CancellationToken cancellationToken)
    {
        var store = new FeedbackStore(stack.Redis, TimeProvider.System);
        var db = stack.Redis.GetDatabase();
        var reports = texts.Select(Reports.From).ToArray();
        var commands = stack.ReportsRedisCommands ? await RedisCommandStats.StartAsync(stack.Redis) : null;
        var cpuBefore = stack.Cpu;

        var started = Stopwatch.GetTimestamp();
        foreach (var chunk in reports.Chunk(WriteChunk))
        {
            await store.AddManyAsync(chunk, traceParent: null);
        }
        var written = Stopwatch.GetElapsedTime(started);
        // Generous: a tenth of the slowest rate anyone would accept, plus start-up slack.
        await QueueState.WaitDrainedAsync(db, TimeSpan.FromSeconds(60 + texts.Length / 10.0), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var cpuAfter = stack.Cpu;
        if (commands is not null)
        {
            Report.RedisCommands(stack.Provider, await commands.ReadAsync());
        }
        return new PipelineResult(stack.Provider, texts.Length, elapsed, written,
            cpuAfter.Service - cpuBefore.Service, cpuAfter.Redis - cpuBefore.Redis, await db.SetLengthAsync(RedisKeys.ClustersAll));
    }
}
