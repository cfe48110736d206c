using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

// The fenced commit every curation ends in (docs/architecture.md, "Curation"): guarded on
// clustering:version and the touched clusters' statuses, read and planned again when a guard fails.
public sealed partial class ClusterCurationStore
{
    // The transaction every curation ends in: membership, sizes, indexes and counts of the touched
    // clusters, then what the caller adds (its decision and activity, told which clusters this commit
    // removes, so it records nothing about them that would outlive them), then the merges left with no
    // report dropped from the lists, then the version bump. Null when there was nothing to write; false
    // when a guard (the version, the statuses, the caller's conditions) failed and the caller reads again.
    private async Task<bool?> CommitAsync(
        long version, IReadOnlyDictionary<string, ClusterStatus> guards, IReadOnlyList<Placement> placements,
        Action<ITransaction, DateTimeOffset, IReadOnlySet<string>> decide, string? emptiedInto = null, IReadOnlyList<Condition>? conditions = null)
    {
        var now = time.GetUtcNow();
        var updates = placements.Select(p => new ClusterMembershipUpdate(p.ClusterId, [], p.Added, p.Removed, p.Opened)).ToList();
        // Sizes are counted from the members Redis holds, not from a size field: a cluster is removed
        // only when no member is left in it.
        var planning = ClusterStatsPlanner.PlanAsync(Db, updates, now);
        var spending = ClusterMergedFrom.SpentAsync(Db, updates);
        await Task.WhenAll(planning, spending);
        var counts = planning.Result;
        var removed = placements.Where(p => counts.Sizes[p.ClusterId] == 0 && !p.Opened).Select(p => p.ClusterId).ToHashSet(StringComparer.Ordinal);

        var tx = Db.CreateTransaction();
        tx.AddCondition(VersionFence.At(version));
        foreach (var (clusterId, status) in guards)
        {
            tx.AddCondition(Condition.HashEqual(RedisKeys.Cluster(clusterId), "status", status.ToRedis()));
        }
        foreach (var condition in conditions ?? [])
        {
            tx.AddCondition(condition);
        }

        foreach (var placement in placements)
        {
            if (placement.Opened)
            {
                tx.AddCondition(Condition.KeyNotExists(RedisKeys.Cluster(placement.ClusterId)));
            }
            var size = counts.Sizes[placement.ClusterId];
            if (removed.Contains(placement.ClusterId))
            {
                ClusterRecordRemoval.Write(tx, placement.ClusterId, placement.Status, emptiedInto);
                continue;
            }
            WritePlacement(tx, placement, size, now);
            if (counts.Stats.TryGetValue(placement.ClusterId, out var stats))
            {
                stats.WriteTo(tx, placement.ClusterId, placement.Status);
            }
            if (counts.Daily.TryGetValue(placement.ClusterId, out var daily))
            {
                daily.WriteTo(tx, placement.ClusterId);
            }
        }

        decide(tx, now, removed);
        // A removed cluster's list goes with it (ClusterRecordRemoval.Write).
        ClusterMergedFrom.Drop(tx, spending.Result.Where(s => !removed.Contains(s.ClusterId)));
        var relabel = placements.Where(p => counts.Sizes[p.ClusterId] > 0).Select(p => (RedisValue)p.ClusterId).ToArray();
        if (relabel.Length > 0)
        {
            _ = tx.SetAddAsync(RedisKeys.ClustersToRelabel, relabel);
        }
        _ = tx.StringIncrementAsync(RedisKeys.ClusteringVersion);
        return await tx.ExecuteAsync();
    }

    private static void WritePlacement(ITransaction tx, Placement placement, long size, DateTimeOffset now)
    {
        var id = placement.ClusterId;
        _ = tx.HashSetAsync(RedisKeys.Cluster(id), [new("size", size), new("updated_at", now.ToRedis())]);
        _ = tx.SortedSetAddAsync(RedisKeys.ClustersBySize, id, size);
        _ = tx.SortedSetAddAsync(RedisKeys.ClustersByStatus(placement.Status), id, size);
        if (placement.Opened)
        {
            _ = tx.SetAddAsync(RedisKeys.ClustersAll, id);
        }
        if (placement.Removed.Count > 0)
        {
            _ = tx.SetRemoveAsync(RedisKeys.ClusterItems(id), [.. placement.Removed.Select(i => (RedisValue)i)]);
        }
        if (placement.Added.Count > 0)
        {
            _ = tx.SetAddAsync(RedisKeys.ClusterItems(id), [.. placement.Added.Select(i => (RedisValue)i)]);
            _ = tx.SetRemoveAsync(RedisKeys.FeedbackUnclustered, [.. placement.Added.Select(i => (RedisValue)i)]);
            foreach (var item in placement.Added)
            {
                _ = tx.HashSetAsync(RedisKeys.Feedback(item), "cluster_id", id);
            }
        }
    }

    // Reads and plans afresh until the transaction commits: every failed guard means someone (the
    // worker, another person) changed membership or a status in between. A short random pause
    // after each loss keeps writers that keep colliding from losing to each other in lockstep.
    private Task<CurationResult> RetryAsync(Func<long, Task<(CurationResult Result, bool? Committed)>> attempt) =>
        RetryUntilCommittedAsync(attempt);

    private async Task<T> RetryUntilCommittedAsync<T>(Func<long, Task<(T Result, bool? Committed)>> attempt)
    {
        for (var i = 0; i < MaxAttempts; i++)
        {
            var version = (long?)await Db.StringGetAsync(RedisKeys.ClusteringVersion) ?? 0;
            var (result, committed) = await attempt(version);
            if (committed != false)
            {
                return result;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 * (i + 2))), time);
        }
        throw new ConcurrentChangeException("Cluster membership kept changing while this request was applied; try again.");
    }

    private sealed record Placement(string ClusterId, ClusterStatus Status, List<string> Added, List<string> Removed, bool Opened = false);
}
