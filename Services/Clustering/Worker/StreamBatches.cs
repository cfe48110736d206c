using System.Diagnostics;
using FeedbackFix.Contracts;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>How the embedders and the membership writer survive failures of a batch and of Redis.</summary>
internal static partial class StreamBatches
{
    /// <summary>
    /// Processes <paramref name="entries"/> as one batch; when that fails for a reason other than
    /// Redis, one by one, so a poison entry fails alone: it stays pending, is claimed again after
    /// ClaimIdleAfter and dead-lettered after MaxDeliveries. Returns the sum of what the calls return.
    /// Once <paramref name="stopping"/> is cancelled (the service stops, or the writer lost its lease:
    /// every commit would be refused, each after a reload of the space) no further entry is tried; the
    /// rest stay pending for whoever reads next.
    /// </summary>
    public static async Task<int> ProcessIsolatingFailuresAsync(
        IReadOnlyList<WorkItem> entries, Func<IReadOnlyList<WorkItem>, Task<int>> process, ILogger logger, CancellationToken stopping = default)
    {
        try
        {
            return await process(entries);
        }
        catch (Exception ex) when (IsEntryFailure(ex))
        {
            if (entries.Count == 1)
            {
                // A batch of one is its entry: it stays pending, tried again once idle, dead-lettered after
                // MaxDeliveries, as an entry of a larger batch would be; the loop goes on.
                LogEntryFailed(logger, ex, entries[0].Id, entries[0].DeliveryCount);
                return 0;
            }
            LogBatchFailed(logger, ex, entries.Count);
        }

        var done = 0;
        foreach (var entry in entries)
        {
            if (stopping.IsCancellationRequested)
            {
                break;
            }
            try
            {
                done += await process([entry]);
            }
            catch (Exception ex) when (IsEntryFailure(ex))
            {
                LogEntryFailed(logger, ex, entry.Id, entry.DeliveryCount);
            }
        }
        return done;
    }

    /// <summary>Runs <paramref name="action"/> until Redis answers it (<see cref="RedisOutage.RetryAsync(Func{Task}, TimeSpan, TimeProvider, Action{Exception}, CancellationToken)"/>), a second between tries.</summary>
    public static Task WhenRedisAnswersAsync(Func<Task> action, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        RedisOutage.RetryAsync(action, TimeSpan.FromSeconds(1), time, ex => LogRedisUnavailable(logger, ex.Message), cancellationToken);

    /// <summary>Runs <paramref name="action"/> until Redis answers it, a second between tries; returns its result.</summary>
    public static Task<T> WhenRedisAnswersAsync<T>(Func<Task<T>> action, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        RedisOutage.RetryAsync(action, TimeSpan.FromSeconds(1), time, ex => LogRedisUnavailable(logger, ex.Message), cancellationToken);

    /// <summary>
    /// Runs <paramref name="process"/> under a batch span (<see cref="ClusteringTelemetry.StartBatch"/>),
    /// tagging it with what the batch returns as <paramref name="doneTag"/>, or with the error.
    /// </summary>
    public static async Task<int> TracedAsync(
        string name, RedisKey stream, string doneTag, IReadOnlyList<WorkItem> entries, Func<Task<int>> process)
    {
        using var activity = ClusteringTelemetry.StartBatch(name, stream, [.. entries.Select(e => e.ToFeedbackEntry().TraceParent)]);
        try
        {
            var done = await process();
            activity?.SetTag(doneTag, done);
            return done;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>The entries that name a valid feedback id; the others are dead-lettered with the reason.</summary>
    public static async Task<List<WorkItem>> WithValidIdsAsync(
        StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, ClusteringTelemetry telemetry, ILogger logger)
    {
        var valid = new List<WorkItem>(entries.Count);
        foreach (var entry in entries)
        {
            if (RecordId.IsValid(entry.ToFeedbackEntry().FeedbackId))
            {
                valid.Add(entry);
                continue;
            }
            await DeadLetterAsync(queue, entry, "the entry has no valid feedback id", telemetry, logger);
        }
        return valid;
    }

    /// <summary>Gives up on an entry: moved to the queue's dead-letter stream with the reason, unless it was already.</summary>
    public static async Task DeadLetterAsync(StreamWorkQueue queue, WorkItem entry, string reason, ClusteringTelemetry telemetry, ILogger logger)
    {
        if (await queue.DeadLetterAsync(entry, reason))
        {
            LogDeadLettered(logger, entry.Id, reason);
            telemetry.DeadLettered.Add(1);
        }
    }

    private static bool IsEntryFailure(Exception ex) => ex is not OperationCanceledException && !RedisOutage.Is(ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} entries failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream entry {EntryId} failed (delivery {Delivery})")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string entryId, long delivery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered stream entry {EntryId}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable, retrying shortly: {Reason}")]
    public static partial void LogRedisUnavailable(ILogger logger, string reason);
}
