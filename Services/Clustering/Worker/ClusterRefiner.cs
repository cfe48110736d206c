using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Runs the periodic refinement pass (re-assigning, folding, merging) after max(RefineEveryItems,
/// RefineGrowthFraction of the store) new items or RefineInterval, whichever comes first, or when a
/// small cluster turned quiet (GroupingOptions.FoldAfterQuiet) with no item arriving, beside
/// intake: it refines a copy of the space on another thread while the worker goes on placing
/// items in the current one. When the copy is refined, the worker takes the membership lease,
/// places the items that arrived meanwhile in the copy as well, commits the difference between
/// the two spaces and makes the copy current. A copy made before another replica's commit (the
/// space was reloaded since) is dropped, as is one that would take items from a cluster a person
/// decided about or change one decided meanwhile; the next refinement starts from the current space.
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
    private RunningRefinement? _running;

    /// <summary>Commits a refinement that finished; starts one when due and none is running.</summary>
    public async Task RefineIfDueAsync(int newlyClustered, CancellationToken cancellationToken)
    {
        _sinceLastRefine += newlyClustered;
        if (_running is { } running)
        {
            if (running.Refined.IsCompleted)
            {
                _running = null;
                await FinishAsync(running, cancellationToken);
            }
            return;
        }

        // A small cluster that turned quiet may be dissolved even with no item arriving; no more
        // often than the interval, as under steady traffic some cluster turns quiet every moment.
        var intervalPassed = time.GetElapsedTime(_lastRefine) >= options.Value.RefineInterval;
        var due = _sinceLastRefine >= ItemsBetweenRefinements(options.Value, cache.Space.ItemCount) ||
                  (intervalPassed && (_sinceLastRefine > 0 || cache.Space.HasNewlyQuietClusters()));
        if (due)
        {
            await StartAsync();
        }
    }

    /// <summary>New items after which a store of <paramref name="storeItems"/> is refined again.</summary>
    public static int ItemsBetweenRefinements(ClusteringOptions settings, int storeItems) =>
        (int)Math.Max(settings.RefineEveryItems, Math.Min(int.MaxValue, settings.RefineGrowthFraction * storeItems));

    private async Task StartAsync()
    {
        // Statuses change by PATCH without touching membership, so they are read fresh each time.
        var frozen = await membership.GetDecidedClusterIdsAsync();
        var source = cache.Space;
        var ids = new ReplayClusterIds(source.ClusterIds);
        var copy = cache.CopyForRefinement(ids.Next);
        var refined = Task.Run(() =>
        {
            var started = time.GetTimestamp();
            var plan = copy.Refine(frozen);
            return (Plan: plan, Computing: time.GetElapsedTime(started));
        });
        _running = new RunningRefinement(source, copy, frozen, ids, refined, time.GetTimestamp());
        _sinceLastRefine = 0;
        _lastRefine = time.GetTimestamp();
    }

    private async Task FinishAsync(RunningRefinement running, CancellationToken cancellationToken)
    {
        var arrivals = cache.TakeArrivals();
        var (refinement, computing) = await running.Refined;
        var held = await lease.AcquireAsync(cancellationToken);
        if (held is null)
        {
            return;
        }

        try
        {
            var finishing = time.GetTimestamp();
            await cache.EnsureCurrentAsync();
            if (!ReferenceEquals(cache.Space, running.Source))
            {
                logger.LogInformation("Dropped a refinement: another replica changed the clusters while it ran");
                return;
            }

            var refined = running.Copy;
            foreach (var (itemId, vector) in arrivals)
            {
                running.Ids.Preferred = cache.Space.ClusterOf(itemId);
                refined.Assign(itemId, vector);
            }

            var (plan, opened) = SpaceDifference.Between(cache.Space, refined, refinement);
            var decided = await membership.GetDecidedClusterIdsAsync();
            if (SpaceDifference.TakesFromDecided(plan, running.Frozen, decided))
            {
                logger.LogInformation("Dropped a refinement: it would take items from a cluster a person decided about");
                return;
            }

            var changes = MembershipPlanner.ForRefinement(refined, plan, opened);
            if (!changes.IsEmpty && !await membership.CommitAsync(changes, held))
            {
                cache.Invalidate();
                return;
            }

            // Even with nothing to write, the copy holds the radii and bounds the refinement measured.
            cache.Adopt(refined);
            if (!changes.IsEmpty)
            {
                cache.Committed();
            }

            telemetry.Merged.Add(changes.Merges.Count);
            logger.LogInformation(
                "Refined clusters in {ElapsedMs} ms beside intake (computing {ComputeMs} ms), then placed {ArrivalCount} arrivals and committed in {CommitMs} ms: {MoveCount} items moved, {MergeCount} clusters merged",
                (long)time.GetElapsedTime(running.Started).TotalMilliseconds, (long)computing.TotalMilliseconds, arrivals.Count,
                (long)time.GetElapsedTime(finishing).TotalMilliseconds, plan.Moves.Count, changes.Merges.Count);

            labeling.Merged(changes.Merges);
            if (!changes.IsEmpty)
            {
                await labeling.ApplyMovesAsync(plan.Moves);
            }
            labeling.MarkChanged(changes.Updates.Select(u => u.ClusterId), force: true);
        }
        finally
        {
            await held.ReleaseAsync();
        }
    }

    private sealed record RunningRefinement(
        ClusterSpace Source,
        ClusterSpace Copy,
        IReadOnlySet<string> Frozen,
        ReplayClusterIds Ids,
        Task<(RefinementPlan Plan, TimeSpan Computing)> Refined,
        long Started);

    /// <summary>
    /// Names the clusters the refined copy opens while the arrivals are placed in it again: the id
    /// of the item's current cluster when that cluster was opened after the copy was made and the
    /// copy has not used the name yet, so a topic that began during the refinement keeps its id
    /// (and its link); otherwise a new id.
    /// </summary>
    private sealed class ReplayClusterIds(IEnumerable<string> copiedIds)
    {
        private readonly HashSet<string> _used = new(copiedIds, StringComparer.Ordinal);

        public string? Preferred { get; set; }

        public string Next()
        {
            var id = Preferred is { } preferred && !_used.Contains(preferred) ? preferred : Ids.New();
            _used.Add(id);
            return id;
        }
    }
}
