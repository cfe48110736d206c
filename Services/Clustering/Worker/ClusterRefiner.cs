using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Runs the periodic refinement pass (re-assigning, folding, merging) under the membership lease
/// after max(RefineEveryItems, RefineGrowthFraction of the store) new items or RefineInterval,
/// whichever comes first, and persists it.
/// </summary>
internal sealed class ClusterRefiner(
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    MembershipLease lease,
    ClusterLabeling labeling,
    ClusteringTelemetry telemetry,
    IOptions<ClusteringOptions> options,
    TimeProvider time,
    ILogger<ClusterRefiner> logger)
{
    private int _sinceLastRefine;
    private long _lastRefine = time.GetTimestamp();

    public async Task RefineIfDueAsync(int newlyClustered, CancellationToken cancellationToken)
    {
        _sinceLastRefine += newlyClustered;
        var due = _sinceLastRefine >= ItemsBetweenRefinements(options.Value, cache.Space.ItemCount) ||
                  (_sinceLastRefine > 0 && time.GetElapsedTime(_lastRefine) >= options.Value.RefineInterval);
        if (due)
        {
            await RefineAsync(cancellationToken);
        }
    }

    /// <summary>New items after which a store of <paramref name="storeItems"/> is refined again.</summary>
    public static int ItemsBetweenRefinements(ClusteringOptions settings, int storeItems) =>
        (int)Math.Max(settings.RefineEveryItems, Math.Min(int.MaxValue, settings.RefineGrowthFraction * storeItems));

    /// <summary>One refinement pass now; false when another replica held the lease.</summary>
    public async Task<bool> RefineAsync(CancellationToken cancellationToken)
    {
        var held = await lease.AcquireAsync(cancellationToken);
        if (held is null)
        {
            return false;
        }

        try
        {
            await cache.EnsureCurrentAsync();
            var started = time.GetTimestamp();
            // Statuses change by PATCH without touching membership, so they are read fresh each time.
            var decided = await membership.GetDecidedClusterIdsAsync();
            var computing = time.GetTimestamp();
            var plan = cache.Space.Refine(decided);
            var computed = time.GetTimestamp();
            var changes = MembershipPlanner.ForRefinement(cache.Space, plan);
            if (!changes.IsEmpty && !await membership.CommitAsync(changes, held))
            {
                cache.Invalidate();
                return false;
            }

            if (!changes.IsEmpty)
            {
                cache.Committed();
            }
            _sinceLastRefine = 0;
            _lastRefine = time.GetTimestamp();
            telemetry.Merged.Add(changes.Merges.Count);
            logger.LogInformation("Refined clusters in {ElapsedMs} ms (computing {ComputeMs} ms): {MoveCount} items moved, {MergeCount} clusters merged",
                (long)time.GetElapsedTime(started).TotalMilliseconds, (long)time.GetElapsedTime(computing, computed).TotalMilliseconds,
                plan.Moves.Count, changes.Merges.Count);

            labeling.Merged(changes.Merges);
            if (!changes.IsEmpty)
            {
                await labeling.ApplyMovesAsync(plan.Moves);
            }
            labeling.MarkChanged(changes.Updates.Select(u => u.ClusterId), force: true);
            return true;
        }
        finally
        {
            await held.ReleaseAsync();
        }
    }
}
