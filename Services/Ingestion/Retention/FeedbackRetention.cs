using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Ingestion.Retention;

/// <summary>
/// One retention pass: the oldest reports past <c>Retention:FeedbackMaxAgeDays</c>, read from
/// <c>feedback:all</c> by score a page at a time, are deleted through the same Domain path as
/// <c>DELETE /feedback/{id}</c> (<see cref="ClusterCurationStore.DeleteFeedbackAsync(IReadOnlyList{string}, Actor)"/>),
/// by <see cref="Actor.Retention"/>. Reports whose cluster is fixing stay where they are, and the pass
/// reads past them; the next pass tries them again. One replica at a time runs a pass, under
/// <c>lock:retention</c>; a deletion is idempotent anyway, so a pass that loses its lease only stops early.
/// </summary>
public sealed partial class FeedbackRetention(
    IConnectionMultiplexer redis,
    FeedbackStore feedback,
    ClusterCurationStore curation,
    IOptions<RetentionOptions> options,
    RetentionTelemetry telemetry,
    TimeProvider time,
    ILogger<FeedbackRetention> logger)
{
    /// <summary>Reports read and deleted together: one transaction, one activity entry per touched cluster.</summary>
    internal const int PageSize = 100;

    /// <summary>Renewed after every page; a replica that dies mid-pass holds the others off only this long.</summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(1);

    // This replica's name on the lease: a pass tried again after a timeout takes back a lease its lost
    // answer left behind, instead of finding it busy until it expires.
    private readonly string _holder = RedisLease.NewHolder();

    public async Task<RetentionPass> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsOn)
        {
            return new RetentionPass(RetentionPassOutcome.Off);
        }
        var lease = await RedisLease.TryAcquireAsync(redis.GetDatabase(), RedisKeys.RetentionLock, LeaseDuration, _holder);
        if (lease is null)
        {
            LogBusy();
            return new RetentionPass(RetentionPassOutcome.Busy);
        }
        try
        {
            return await DeleteOldReportsAsync(lease, settings, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(lease);
        }
    }

    private async Task<RetentionPass> DeleteOldReportsAsync(RedisLease lease, RetentionOptions settings, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - settings.FeedbackMaxAge;
        using var activity = RetentionTelemetry.Source.StartActivity("retention pass");
        activity?.SetTag("feedbackfix.retention.created_before", cutoff.ToString("O"));

        var deleted = 0;
        // Reports past the age this pass left in place (kept while fixing, or an index entry naming no
        // report): they stay at the head of the index, so the next page starts after them.
        var leftInPlace = 0;
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var outcome = RetentionPassOutcome.Completed;
        while (deleted + leftInPlace < settings.MaxReportsPerRun)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = await feedback.ListCreatedBeforeAsync(cutoff, leftInPlace, Math.Min(PageSize, settings.MaxReportsPerRun - deleted - leftInPlace));
            if (ids.Count == 0)
            {
                break;
            }

            FeedbackDeletion deletion;
            try
            {
                deletion = await curation.DeleteFeedbackAsync(ids, Actor.Retention);
            }
            catch (ConcurrentChangeException)
            {
                LogMembershipBusy();
                outcome = RetentionPassOutcome.Interrupted;
                break;
            }
            deleted += deletion.Deleted.Count;
            leftInPlace += ids.Count - deletion.Deleted.Count;
            foreach (var (feedbackId, clusterId) in deletion.KeptWhileFixing)
            {
                kept[feedbackId] = clusterId;
            }
            telemetry.Deleted.Add(deletion.Deleted.Count);

            if (!await lease.RenewAsync(LeaseDuration))
            {
                LogLeaseLost();
                outcome = RetentionPassOutcome.Interrupted;
                break;
            }
        }

        telemetry.KeptWhileFixing.Add(kept.Count);
        activity?.SetTag("feedbackfix.retention.deleted", deleted);
        activity?.SetTag("feedbackfix.retention.kept_while_fixing", kept.Count);
        if (deleted > 0)
        {
            LogDeleted(deleted, settings.FeedbackMaxAgeDays, cutoff);
        }
        if (kept.Count > 0)
        {
            LogKeptWhileFixing(kept.Count, string.Join(", ", kept.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        }
        return new RetentionPass(outcome, deleted, kept.Count);
    }

    // The lease expires by itself; a release Redis could not take must not hide why the pass ended.
    private async Task ReleaseAsync(RedisLease lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception ex) when (RedisOutage.Is(ex))
        {
            LogReleaseFailed(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} reports older than {MaxAgeDays} days (created before {Cutoff:O})")]
    private partial void LogDeleted(int count, int maxAgeDays, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention kept {Count} reports past the age because their cluster is being fixed ({ClusterIds}); a later pass deletes them once the fix ends")]
    private partial void LogKeptWhileFixing(int count, string clusterIds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another replica is running the retention pass; this one skips it")]
    private partial void LogBusy();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention lost its lease during a pass; the next pass goes on")]
    private partial void LogLeaseLost();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster membership kept changing while retention deleted reports; the next pass goes on")]
    private partial void LogMembershipBusy();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention could not release its lease (it expires by itself): {Reason}")]
    private partial void LogReleaseFailed(string reason);
}
