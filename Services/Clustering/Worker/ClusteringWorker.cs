using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Reads <c>stream:feedback</c> in consumer group <c>clustering</c>: its own pending entries first
/// (left by a crash), then new ones, and claims entries idle under dead consumers. A batch that
/// fails is retried entry by entry, so one poison entry is dead-lettered after MaxDeliveries while
/// the rest go on. Redis outages are waited out with a back-off.
/// </summary>
internal sealed partial class ClusteringWorker(
    IConnectionMultiplexer redis,
    ClusterMembershipStore membership,
    FeedbackBatchProcessor processor,
    ClusterRefiner refiner,
    EmbeddingModelGuard modelGuard,
    ClusterSpaceCache cache,
    ClusterLabeling labeling,
    IOptions<ClusteringOptions> options,
    TimeProvider time,
    ILogger<ClusteringWorker> logger) : BackgroundService
{
    public const string Group = "clustering";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queue = new StreamWorkQueue(redis, QueueEntries.FeedbackQueue(Group, ConsumerName(settings)) with
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.ClaimIdleAfter,
        });

        await RetryUntilRedisAnswersAsync(async () =>
        {
            await queue.EnsureGroupAsync();
            await modelGuard.EnsureAsync(stoppingToken);
            await cache.EnsureCurrentAsync();
            await labeling.RebuildCorpusAsync();
            // Clusters written before sources, first_seen and last_seen were kept get them now;
            // commits keep them from then on.
            if (await membership.CountUncountedAsync() is > 0 and var counted)
            {
                LogCounted(counted);
            }
        }, stoppingToken);

        var idle = TimeSpan.FromMilliseconds(10);
        var lastClaim = time.GetTimestamp();
        var lastLabels = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = await queue.ReadAsync(settings.BatchSize);
                if (entries.Count == 0 && time.GetElapsedTime(lastClaim) >= settings.ClaimIdleAfter / 2)
                {
                    lastClaim = time.GetTimestamp();
                    entries = await queue.ClaimIdleAsync(settings.BatchSize);
                }

                if (entries.Count == 0)
                {
                    await refiner.RefineIfDueAsync(newlyClustered: 0, stoppingToken);
                    await TakeCuratedAsync();
                    if (labeling.HasPending)
                    {
                        await labeling.FlushAsync(stoppingToken);
                        lastLabels = time.GetTimestamp();
                        continue;
                    }

                    await Task.Delay(idle, time, stoppingToken);
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, settings.MaxPollInterval.TotalMilliseconds));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(10);
                var clustered = await ProcessIsolatingFailuresAsync(queue, entries, stoppingToken);
                await refiner.RefineIfDueAsync(clustered, stoppingToken);
                if (time.GetElapsedTime(lastLabels) >= settings.LabelInterval)
                {
                    await TakeCuratedAsync();
                    await labeling.FlushAsync(stoppingToken);
                    lastLabels = time.GetTimestamp();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis unavailable, retrying shortly: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    // Clusters a person curated are labelled again from a copy that knows the curation: the reload
    // only reads, and every commit is fenced on the version, so it needs no lease.
    private async Task TakeCuratedAsync()
    {
        var curated = await membership.TakeClustersToRelabelAsync();
        if (curated.Count > 0)
        {
            await cache.EnsureCurrentAsync();
            labeling.MarkChanged(curated, force: true);
        }
    }

    private async Task<int> ProcessIsolatingFailuresAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, CancellationToken cancellationToken)
    {
        try
        {
            return await processor.ProcessAsync(queue, entries, cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or RedisException or TimeoutException) && entries.Count > 1)
        {
            logger.LogWarning(ex, "A batch of {Count} entries failed; retrying them one by one", entries.Count);
        }

        var clustered = 0;
        foreach (var entry in entries)
        {
            try
            {
                clustered += await processor.ProcessAsync(queue, [entry], cancellationToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or RedisException or TimeoutException))
            {
                // Left pending: claimed again after ClaimIdleAfter, dead-lettered after MaxDeliveries.
                logger.LogError(ex, "Stream entry {EntryId} failed (delivery {Delivery})", entry.Id, entry.DeliveryCount);
            }
        }
        return clustered;
    }

    private async Task RetryUntilRedisAnswersAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis unavailable at start, retrying: {Reason}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Counted sources, first and last report of {ClusterCount} clusters written before they were kept")]
    private partial void LogCounted(int clusterCount);

    private static string ConsumerName(ClusteringOptions settings) =>
        settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}
