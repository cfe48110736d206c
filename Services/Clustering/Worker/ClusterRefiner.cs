using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
/// After three drops in a row (another replica kept committing while they ran), the next
/// refinement runs on the loop holding the lease throughout, as before refinements ran beside
/// intake. A refinement that fails for any other reason is dropped and the copy reloaded; the
/// worker goes on.
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
    private int _droppedInARow;

    // After this many refinements in a row were dropped (another replica kept committing while
    // they ran), the next one runs the old way: on the loop, holding the lease throughout.
    private const int DropsBeforeRefiningUnderLease = 3;

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
        if (!due)
        {
            return;
        }

        if (_droppedInARow >= DropsBeforeRefiningUnderLease)
        {
            await RefineHoldingLeaseAsync(cancellationToken);
        }
        else
        {
            await StartAsync();
        }
    }

    /// <summary>New items after which a store of <paramref name="storeItems"/> is refined again.</summary>
    public static int ItemsBetweenRefinements(ClusteringOptions settings, int storeItems) =>
        (int)Math.Max(settings.RefineEveryItems, Math.Min(int.MaxValue, settings.RefineGrowthFraction * storeItems));

    private async Task StartAsync()
    {
        // A copy of a space another replica has already changed would be dropped at the end.
        await cache.EnsureCurrentAsync();
        _running = await BeginAsync(runBesideIntake: true);
    }

    // A copy of the current space and its refinement: on another thread, or here and now.
    private async Task<RunningRefinement> BeginAsync(bool runBesideIntake)
    {
        // Statuses change by PATCH without touching membership, so they are read fresh each time.
        var frozen = await membership.GetDecidedClusterIdsAsync();
        var source = cache.Space;
        var ids = new ReplayClusterIds(source.ClusterIds);
        var copy = cache.CopyForRefinement(ids.Next);
        (RefinementPlan Plan, TimeSpan Computing) Refine()
        {
            var started = time.GetTimestamp();
            var plan = copy.Refine(frozen);
            return (plan, time.GetElapsedTime(started));
        }

        var refined = runBesideIntake ? Task.Run(Refine) : Task.FromResult(Refine());
        _sinceLastRefine = 0;
        _lastRefine = time.GetTimestamp();
        return new RunningRefinement(source, copy, frozen, ids, refined, time.GetTimestamp());
    }

    private async Task RefineHoldingLeaseAsync(CancellationToken cancellationToken)
    {
        var held = await lease.AcquireAsync(cancellationToken);
        if (held is null)
        {
            return;
        }

        try
        {
            await cache.EnsureCurrentAsync();
            var running = await BeginAsync(runBesideIntake: false);
            await CommitGuardedAsync(running, held);
        }
        finally
        {
            await held.ReleaseAsync();
        }
    }

    private async Task FinishAsync(RunningRefinement running, CancellationToken cancellationToken)
    {
        var held = await lease.AcquireAsync(cancellationToken);
        if (held is null)
        {
            cache.TakeArrivals();
            Dropped("the membership lease was busy");
            return;
        }

        try
        {
            await CommitGuardedAsync(running, held);
        }
        finally
        {
            await held.ReleaseAsync();
        }
    }

    // A refinement that fails for any reason but Redis is dropped and the copy reloaded: the
    // worker goes on, and the next refinement starts from what Redis holds.
    private async Task CommitGuardedAsync(RunningRefinement running, RedisLease held)
    {
        try
        {
            await CommitAsync(running, held);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or RedisException or TimeoutException))
        {
            cache.Invalidate();
            Dropped("it failed");
            logger.LogError(ex, "A refinement failed and was dropped");
        }
    }

    private void Dropped(string why)
    {
        _droppedInARow++;
        logger.LogInformation("Dropped a refinement: {Reason} ({Count} in a row)", why, _droppedInARow);
    }

    /// <summary>Places the items that arrived meanwhile in the refined copy, commits the difference and adopts the copy. Call holding the lease.</summary>
    private async Task CommitAsync(RunningRefinement running, RedisLease held)
    {
        var arrivals = cache.TakeArrivals();
        var (refinement, computing) = await running.Refined;
        var finishing = time.GetTimestamp();
        await cache.EnsureCurrentAsync();
        if (!ReferenceEquals(cache.Space, running.Source))
        {
            Dropped("another replica changed the clusters while it ran");
            return;
        }

        // An arrival intake put in a decided cluster stays there, as intake decided: placed by
        // nearest centroid in the copy it could land elsewhere and take an item from that cluster.
        var decided = await membership.GetDecidedClusterIdsAsync();
        var refined = running.Copy;
        foreach (var (itemId, vector) in arrivals)
        {
            var current = cache.Space.ClusterOf(itemId);
            if (current is not null && (running.Frozen.Contains(current) || decided.Contains(current)) &&
                refined.AssignTo(itemId, vector, current))
            {
                continue;
            }

            running.Ids.Preferred = current;
            refined.Assign(itemId, vector);
        }

        // From here on the copy, once adopted, names new clusters afresh: no id of a cluster it
        // merged away is ever handed out again.
        running.Ids.EndReplay();

        var (plan, opened) = SpaceDifference.Between(cache.Space, refined, refinement);
        if (SpaceDifference.TakesFromDecided(plan, running.Frozen, decided))
        {
            Dropped("it would take items from a cluster a person decided about");
            return;
        }

        var changes = MembershipPlanner.ForRefinement(refined, plan, opened);
        if (!changes.IsEmpty && !await membership.CommitAsync(changes, held, cache.Version))
        {
            cache.Invalidate();
            Dropped("the commit was refused");
            return;
        }

        // Even with nothing to write, the copy holds the radii and bounds the refinement measured.
        cache.Adopt(refined);
        _droppedInARow = 0;
        if (!changes.IsEmpty)
        {
            cache.Committed();
        }

        telemetry.Merged.Add(changes.Merges.Count);
        logger.LogInformation(
            "Refined clusters in {ElapsedMs} ms (computing {ComputeMs} ms), then placed {ArrivalCount} arrivals and committed in {CommitMs} ms: {MoveCount} items moved, {MergeCount} clusters merged",
            (long)time.GetElapsedTime(running.Started).TotalMilliseconds, (long)computing.TotalMilliseconds, arrivals.Count,
            (long)time.GetElapsedTime(finishing).TotalMilliseconds, plan.Moves.Count, changes.Merges.Count);

        labeling.Merged(changes.Merges);
        if (!changes.IsEmpty)
        {
            await labeling.ApplyMovesAsync(plan.Moves);
        }
        labeling.MarkChanged(changes.Updates.Select(u => u.ClusterId), force: true);
    }

    private sealed record RunningRefinement(
        ClusterSpace Source,
        ClusterSpace Copy,
        IReadOnlySet<string> Frozen,
        ReplayClusterIds Ids,
        Task<(RefinementPlan Plan, TimeSpan Computing)> Refined,
        long Started);
}
