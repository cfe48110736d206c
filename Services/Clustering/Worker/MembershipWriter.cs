using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The one membership writer. Every replica runs one, and only the holder of the membership lease
/// works: it loads the cluster space once when it takes over, then reads <c>stream:embedded</c> in
/// consumer group <c>membership</c> under one fixed consumer name (so a new holder reads the
/// entries its predecessor left pending first), places and commits each batch, refines when due,
/// takes the clusters a person curated and flushes labels, renewing the lease as it goes. When a
/// renewal fails the lease is lost: it stops deciding, drops the space and waits to take over again.
/// </summary>
internal sealed partial class MembershipWriter(
    IConnectionMultiplexer redis,
    ClusterMembershipStore membership,
    FeedbackStore feedback,
    MembershipLease lease,
    ItemPlacer placer,
    ClusterRefiner refiner,
    EmbeddingModelGuard modelGuard,
    ClusterSpaceCache cache,
    ClusterLabeling labeling,
    VectorStore vectors,
    IOptions<ClusteringOptions> options,
    TimeProvider time,
    ILogger<MembershipWriter> logger) : BackgroundService
{
    public const string Group = "membership";

    /// <summary>The consumer name every holder reads as: only the holder reads, and it inherits what is pending.</summary>
    public const string Consumer = "writer";

    // Read at takeover: the centroids still come from the model before the one the item vectors come from.
    private bool _centroidsOfEarlierModel;

    /// <summary>
    /// How long after a flush that took <paramref name="flushTook"/> the next one is due while items keep
    /// coming: <paramref name="interval"/>, or longer when flushes are slow, so that labelling takes at most
    /// its share of the time (<see cref="BusyPacing"/>) and intake the rest. An idle queue flushes at once.
    /// </summary>
    public static TimeSpan NextLabelsDue(TimeSpan interval, TimeSpan flushTook)
    {
        var paced = BusyPacing.After(flushTook);
        return paced > interval ? paced : interval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Retries by itself (Redis away, the embedding endpoint failing): a failure here must not stop the host.
        await modelGuard.EnsureAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.TryTakeAsync() is not { } held)
                {
                    await Task.Delay(lease.TakeEvery, time, stoppingToken);
                    continue;
                }

                LogTookOver();
                try
                {
                    await WriteWhileHeldAsync(held, stoppingToken);
                }
                finally
                {
                    cache.Drop();
                    await ReleaseAsync(held);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                StreamBatches.LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task WriteWhileHeldAsync(RedisLease held, CancellationToken stoppingToken)
    {
        // The tenure ends when the service stops or a renewal finds the lease lost. Renewing starts as
        // soon as the lease is taken: taking over a large store (below) can take longer than the lease
        // lasts, and a lease that lapsed meanwhile would end every tenure before its first report.
        using var tenure = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeping = lease.KeepRenewedAsync(held, tenure.Cancel, tenure.Token);
        try
        {
            var queue = await TakeOverAsync(held, tenure.Token);
            await using var wakeup = await StreamWakeup.SubscribeAsync(redis, StreamWakeup.EmbeddedChannel);
            await WriteUntilTenureEndsAsync(held, queue, wakeup, tenure.Token);
        }
        catch (OperationCanceledException) when (tenure.IsCancellationRequested)
        {
        }
        finally
        {
            await tenure.CancelAsync();
            await keeping;
        }
        if (!stoppingToken.IsCancellationRequested)
        {
            LogLeaseLost();
        }
    }

    // What a new holder does before it reads the stream, each step under the tenure: a lease lost
    // meanwhile stops it at the next step (the steps are repairs that are safe to leave half done).
    private async Task<StreamWorkQueue> TakeOverAsync(RedisLease held, CancellationToken tenure)
    {
        var settings = options.Value;
        // A fresh queue each tenure reads the consumer's pending entries first.
        var queue = new StreamWorkQueue(redis, QueueEntries.EmbeddedQueue(Group, Consumer) with
        {
            MaxDeliveries = settings.MaxDeliveries,
            ClaimIdleAfter = settings.ClaimIdleAfter,
        }, logger, time);
        await queue.EnsureGroupAsync();
        cache.Invalidate();
        await cache.EnsureCurrentAsync();
        tenure.ThrowIfCancellationRequested();
        _centroidsOfEarlierModel = await vectors.CentroidsOfEarlierModelAsync();
        await RewriteCentroidsIfOfEarlierModelAsync(held);
        tenure.ThrowIfCancellationRequested();
        await labeling.RebuildCorpusAsync();
        tenure.ThrowIfCancellationRequested();
        // Clusters written before sources, first_seen and last_seen were kept get them now, sizes
        // written from an incomplete count are set right, and reports left naming a removed cluster
        // are placed again; commits keep all of it right from then on.
        if (await membership.CountUncountedAsync() is > 0 and var counted)
        {
            LogCounted(counted);
        }
        tenure.ThrowIfCancellationRequested();
        if (await membership.RecountSizesAsync() is { Count: > 0 } resized)
        {
            // Their summaries state the old count.
            labeling.MarkChanged(resized);
            LogResized(resized.Count);
        }
        tenure.ThrowIfCancellationRequested();
        if (await membership.ReleaseStrandedAsync() is > 0 and var stranded)
        {
            LogReleased(stranded);
        }
        tenure.ThrowIfCancellationRequested();
        // Members a person placed before they were embedded, whose queue entry is long gone (an
        // embedder once handed clustered reports on without embedding them): embedded now, they join the space.
        if (cache.MembersWithoutVector is { Count: > 0 } unembedded)
        {
            await feedback.RequeueAsync(unembedded, null);
            LogQueuedUnembedded(unembedded.Count);
        }
        return queue;
    }

    private async Task WriteUntilTenureEndsAsync(RedisLease held, StreamWorkQueue queue, StreamWakeup wakeup, CancellationToken tenure)
    {
        var settings = options.Value;
        var idle = TimeSpan.FromMilliseconds(10);
        var lastLabels = time.GetTimestamp();
        var labelsDue = settings.LabelInterval;
        while (!tenure.IsCancellationRequested)
        {
            try
            {
                var handedOn = wakeup.Next;
                // Entries of a batch that failed come back once they are idle long enough.
                var entries = await queue.NextAsync(settings.WriterBatchSize);
                if (entries.Count == 0)
                {
                    await refiner.RefineIfDueAsync(newlyClustered: 0, queueIdle: true, held);
                    await TakeCuratedAsync(held);
                    await RewriteCentroidsIfOfEarlierModelAsync(held);
                    if (refiner.SettlePassDue)
                    {
                        // Refine again now (the loop reads the queue first); labels follow the settled clusters.
                        continue;
                    }

                    if (labeling.HasPending)
                    {
                        await labeling.FlushAsync(tenure);
                        lastLabels = time.GetTimestamp();
                        labelsDue = settings.LabelInterval;
                        continue;
                    }

                    await StreamWakeup.WaitAsync(handedOn, idle, time, tenure);
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, settings.MaxPollInterval.TotalMilliseconds));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(10);
                var clustered = await StreamBatches.ProcessIsolatingFailuresAsync(entries, batch => placer.PlaceAsync(queue, batch, held), logger, tenure);
                await refiner.RefineIfDueAsync(clustered, queueIdle: false, held);
                if (time.GetElapsedTime(lastLabels) >= labelsDue)
                {
                    await TakeCuratedAsync(held);
                    await RewriteCentroidsIfOfEarlierModelAsync(held);
                    var flushing = time.GetTimestamp();
                    await labeling.FlushAsync(tenure);
                    lastLabels = time.GetTimestamp();
                    labelsDue = NextLabelsDue(settings.LabelInterval, time.GetElapsedTime(flushing, lastLabels));
                }
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                // The lease may have outlived the outage; the next renewal says whether it did.
                StreamBatches.LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, tenure);
            }
        }
    }

    // After the embedding model changed (EmbeddingModelGuard), every centroid still comes from the model
    // before: with another dimension it reads as none (no similar clusters), with the same one it is
    // compared with vectors of another model. They are written from the space, loaded from the item
    // vectors of the new model, all at once and fenced like a commit, not through the curated list:
    // that would relabel every cluster (an LLM call each) only to get its centroid. Refused (a curation
    // or a takeover meanwhile), it is tried again from the space as it is then, with the curated clusters.
    private async Task RewriteCentroidsIfOfEarlierModelAsync(RedisLease held)
    {
        if (!_centroidsOfEarlierModel)
        {
            return;
        }
        await cache.EnsureCurrentAsync();
        var space = cache.Space;
        var clusterIds = space.ClusterIds;
        if (await vectors.RewriteCentroidsAsync([.. clusterIds.Select(id => (id, space.GetCentroid(id)))], held, cache.Version))
        {
            cache.Committed();
            _centroidsOfEarlierModel = false;
            LogCentroidsRewritten(clusterIds.Count);
        }
    }

    // Clusters a person curated are labelled again from a space that knows the curation, and get the
    // centroid of the reports they now hold (a split or unmerged one its first), which similar clusters
    // are found by. The centroids and forgetting the clusters are one step fenced like a commit: refused
    // (a curation or a takeover meanwhile), they stay listed and are taken again from the space as it is then.
    private async Task TakeCuratedAsync(RedisLease held)
    {
        var curated = await membership.GetCuratedAsync();
        if (curated.Count == 0)
        {
            return;
        }
        await cache.EnsureCurrentAsync();
        labeling.MarkChanged(curated, force: true);
        await membership.FinishCuratedAsync(
            curated, [.. curated.Where(cache.Space.Contains).Select(id => (id, cache.Space.GetCentroid(id)))], held, cache.Version);
    }

    // Stopping (or losing the lease) hands the writer's work to whichever replica takes the lease next.
    private async Task ReleaseAsync(RedisLease held)
    {
        try
        {
            await held.ReleaseAsync();
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            // It lapses by itself after LeaseDuration.
            StreamBatches.LogRedisUnavailable(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took the membership lease: this replica is the membership writer")]
    private partial void LogTookOver();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the membership lease: this replica stops deciding and waits to take over again")]
    private partial void LogLeaseLost();

    [LoggerMessage(Level = LogLevel.Information, Message = "Counted sources, first and last report of {ClusterCount} clusters written before they were kept")]
    private partial void LogCounted(int clusterCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Set the size of {ClusterCount} clusters to the reports they hold: their stored size was written from an incomplete count")]
    private partial void LogResized(int clusterCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued {ReportCount} reports to be placed again: they named a cluster that was removed while they were in it")]
    private partial void LogReleased(int reportCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the centroids of {ClusterCount} clusters from the vectors of the new embedding model")]
    private partial void LogCentroidsRewritten(int clusterCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {ReportCount} clustered reports without a vector to be embedded")]
    private partial void LogQueuedUnembedded(int reportCount);
}
