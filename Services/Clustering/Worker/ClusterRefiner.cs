using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Runs the periodic refinement pass (re-assigning, folding, merging) on the writer's loop, on
/// the live space and holding the lease: after max(RefineEveryItems, RefineGrowthFraction of the
/// store) new items or RefineInterval, whichever comes first, or when a small cluster turned quiet
/// (GroupingOptions.FoldAfterQuiet) with no item arriving; and on an idle queue, again after a pass
/// that left the store unsettled, paced while items keep coming (<see cref="SettleRun"/>). Its plan is committed fenced like any
/// placement. A refused commit (a person curated meanwhile) or a failure leaves the space to be
/// reloaded, and the next refinement starts from what Redis holds.
/// </summary>
internal sealed partial class ClusterRefiner(
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    ClusterLabeling labeling,
    ClusteringTelemetry telemetry,
    IOptions<ClusteringOptions> options,
    TimeProvider time,
    ILogger<ClusterRefiner> logger)
{
    private int _sinceLastRefine;
    private long _lastRefine = time.GetTimestamp();
    private long _lastRefineEnded = time.GetTimestamp();

    private readonly SettleRun _settling = new();

    /// <summary>Whether a refinement on an idle queue is due now, to settle the store further (see <see cref="SettleRun"/>).</summary>
    public bool SettlePassDue => _settling.Due(options.Value.SettlePasses, placedSince: _sinceLastRefine > 0, time.GetElapsedTime(_lastRefineEnded));

    /// <summary>
    /// Refines when due. Call holding the lease, after each batch with the items it newly clustered,
    /// and with <paramref name="queueIdle"/> when the queue had nothing to read.
    /// </summary>
    public async Task RefineIfDueAsync(int newlyClustered, bool queueIdle, RedisLease held)
    {
        _sinceLastRefine += newlyClustered;
        var settings = options.Value;
        // A small cluster that turned quiet may be dissolved even with no item arriving; no more
        // often than the interval, as under steady traffic some cluster turns quiet every moment.
        var intervalPassed = time.GetElapsedTime(_lastRefine) >= settings.RefineInterval;
        var due = _sinceLastRefine >= ItemsBetweenRefinements(settings, cache.Space.ItemCount) ||
                  (intervalPassed && (_sinceLastRefine > 0 || cache.Space.HasNewlyQuietClusters())) ||
                  (queueIdle && SettlePassDue);
        if (due)
        {
            var started = time.GetTimestamp();
            var unsettled = await RefineAsync(held);
            _lastRefineEnded = time.GetTimestamp();
            _settling.Refined(queueIdle, unsettled, settings.SettlePasses, time.GetElapsedTime(started, _lastRefineEnded));
        }
    }

    /// <summary>New items after which a store of <paramref name="storeItems"/> is refined again.</summary>
    public static int ItemsBetweenRefinements(ClusteringOptions settings, int storeItems) =>
        (int)Math.Max(settings.RefineEveryItems, Math.Min(int.MaxValue, settings.RefineGrowthFraction * storeItems));

    /// <summary>
    /// Whether a refinement of a store of <paramref name="storeItems"/> changed it enough to refine
    /// again: it removed a cluster (merged, folded or gathered one away) or moved more than 1 item in
    /// <see cref="Refiner.SettledOneIn"/> (200), the re-assignment's own measure of a settled pass.
    /// </summary>
    public static bool Unsettled(RefinementPlan plan, int storeItems) =>
        plan.Removed.Count > 0 || (long)plan.Moves.Count * Refiner.SettledOneIn > storeItems;

    /// <summary>
    /// Whether <paramref name="plan"/> changes a cluster a person decided about while it was computed
    /// (it was refined as undecided). Clusters decided before it (<paramref name="frozen"/>) took no part.
    /// </summary>
    public static bool ChangesNewlyDecided(RefinementPlan plan, IReadOnlySet<string> frozen, IReadOnlySet<string> decidedNow) =>
        plan.Changed.Concat(plan.Removed).Any(id => decidedNow.Contains(id) && !frozen.Contains(id));

    /// <summary>Refines and commits; whether it changed the clusters enough to refine again (<see cref="Unsettled"/>).</summary>
    private async Task<bool> RefineAsync(RedisLease held)
    {
        var started = time.GetTimestamp();
        _sinceLastRefine = 0;
        _lastRefine = started;
        await cache.EnsureCurrentAsync();
        // Statuses change by PATCH without touching membership, so they are read fresh each time.
        var frozen = await membership.GetDecidedClusterIdsAsync();
        RefinementPlan plan;
        try
        {
            plan = cache.Space.Refine(frozen);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            cache.Invalidate();
            LogFailed(ex);
            return false;
        }

        var computed = time.GetTimestamp();
        if (ChangesNewlyDecided(plan, frozen, await membership.GetDecidedClusterIdsAsync()))
        {
            cache.Invalidate();
            LogNotCommitted("it would change a cluster a person decided about meanwhile");
            return false;
        }

        var changes = MembershipPlanner.ForRefinement(cache.Space, plan);
        if (!changes.IsEmpty)
        {
            bool committed;
            try
            {
                committed = await membership.CommitAsync(changes, held, cache.Version, undecidedOnly: true);
            }
            catch (Exception ex) when (RedisOutage.Is(ex))
            {
                cache.Invalidate();
                throw;
            }

            if (!committed)
            {
                cache.Invalidate();
                LogNotCommitted("the commit was refused");
                return false;
            }
            cache.Committed();
        }

        telemetry.Merged.Add(changes.Merges.Count);
        LogRefined((long)time.GetElapsedTime(started).TotalMilliseconds, (long)time.GetElapsedTime(started, computed).TotalMilliseconds,
            plan.Moves.Count, changes.Merges.Count);

        labeling.Merged(changes.Merges);
        if (!changes.IsEmpty)
        {
            await labeling.ApplyMovesAsync(plan.Moves);
        }
        labeling.MarkChanged(changes.Updates.Select(u => u.ClusterId), force: true);
        return Unsettled(plan, cache.Space.ItemCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refined clusters in {ElapsedMs} ms (computing {ComputeMs} ms): {MoveCount} items moved, {MergeCount} clusters merged")]
    private partial void LogRefined(long elapsedMs, long computeMs, int moveCount, int mergeCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "A refinement was not committed: {Reason}; the clusters are reloaded")]
    private partial void LogNotCommitted(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A refinement failed; the clusters are reloaded")]
    private partial void LogFailed(Exception exception);
}
