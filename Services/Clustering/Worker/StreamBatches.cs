using FeedbackFix.Domain.Queues;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>How the embedders and the membership writer survive failures of a batch and of Redis.</summary>
internal static partial class StreamBatches
{
    /// <summary>
    /// Processes <paramref name="entries"/> as one batch; when that fails for a reason other than
    /// Redis, one by one, so a poison entry fails alone: it stays pending, is claimed again after
    /// ClaimIdleAfter and dead-lettered after MaxDeliveries. Returns the sum of what the calls return.
    /// </summary>
    public static async Task<int> ProcessIsolatingFailuresAsync(
        IReadOnlyList<WorkItem> entries, Func<IReadOnlyList<WorkItem>, Task<int>> process, ILogger logger)
    {
        try
        {
            return await process(entries);
        }
        catch (Exception ex) when (IsEntryFailure(ex) && entries.Count > 1)
        {
            LogBatchFailed(logger, ex, entries.Count);
        }

        var done = 0;
        foreach (var entry in entries)
        {
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

    /// <summary>Runs <paramref name="action"/> until Redis answers it, waiting a second after each outage.</summary>
    public static async Task WhenRedisAnswersAsync(Func<Task> action, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception ex) when (IsRedisOutage(ex))
            {
                LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    public static bool IsRedisOutage(Exception ex) => ex is RedisException or TimeoutException;

    private static bool IsEntryFailure(Exception ex) => ex is not OperationCanceledException && !IsRedisOutage(ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} entries failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream entry {EntryId} failed (delivery {Delivery})")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string entryId, long delivery);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable, retrying shortly: {Reason}")]
    public static partial void LogRedisUnavailable(ILogger logger, string reason);
}
