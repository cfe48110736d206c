using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Takes a cluster out of every index and deletes its live record.</summary>
internal static class ClusterRecordRemoval
{
    /// <summary>
    /// Its id then resolves to <paramref name="survivorId"/>, when there is one (a cluster whose last
    /// report was deleted has none). Without a kept record nothing brings the cluster back, so what only
    /// it would read goes with it: the merges into it (their reports left with its own, so no unmerge of
    /// theirs finds any to bring back) and its jobs' list (GET /clusters/{id}/jobs of its id lists the
    /// jobs of the cluster the id leads to, or answers 404); and its activity when its id leads nowhere,
    /// since then no API reads it.
    /// </summary>
    public static void Write(IDatabaseAsync db, string clusterId, ClusterStatus status, string? survivorId)
    {
        Remove(db, clusterId, status, survivorId);
        _ = db.KeyDeleteAsync([RedisKeys.ClusterMergedFrom(clusterId), RedisKeys.ClusterJobs(clusterId)]);
        if (survivorId is null)
        {
            _ = db.KeyDeleteAsync(RedisKeys.ClusterActivity(clusterId));
        }
    }

    /// <summary>
    /// As <see cref="Write"/>, keeping what the cluster was (<paramref name="record"/>, its members, its
    /// own <c>merged_from</c> and its jobs, which an unmerge reads) so the merge can be undone, and
    /// listing it among the survivor's <c>merged_from</c>.
    /// </summary>
    public static void WriteMerge(
        IDatabaseAsync db, string clusterId, ClusterStatus status, string survivorId, HashEntry[] record, IReadOnlyCollection<string> members,
        long mergedVersion, DateTimeOffset at, Actor actor)
    {
        var kept = RedisKeys.ClusterMergedRecord(clusterId);
        _ = db.KeyDeleteAsync([kept, RedisKeys.ClusterMergedItems(clusterId)]);
        _ = db.HashSetAsync(kept, [
            .. record,
            new("merged_into", survivorId), new("merged_at", at.ToRedis()), new("merged_version", mergedVersion), new("merged_by", actor.By),
        ]);
        if (members.Count > 0)
        {
            _ = db.SetAddAsync(RedisKeys.ClusterMergedItems(clusterId), [.. members.Select(m => (RedisValue)m)]);
        }
        // The merges into the absorbed cluster now resolve to the survivor, which lists them too so they can
        // be undone from it (by a person or the worker alike: both commits come here). The absorbed one keeps
        // its own list, which an unmerge brings back with it (ClusterCurationStore.UnmergeAsync).
        var survivorList = RedisKeys.ClusterMergedFrom(survivorId);
        _ = db.SetCombineAndStoreAsync(SetOperation.Union, survivorList, [survivorList, RedisKeys.ClusterMergedFrom(clusterId)]);
        _ = db.SetAddAsync(survivorList, clusterId);
        Remove(db, clusterId, status, survivorId);
    }

    private static void Remove(IDatabaseAsync db, string clusterId, ClusterStatus status, string? survivorId)
    {
        if (survivorId is not null)
        {
            _ = db.StringSetAsync(RedisKeys.ClusterMerged(clusterId), survivorId);
        }
        _ = db.KeyDeleteAsync([RedisKeys.Cluster(clusterId), RedisKeys.ClusterItems(clusterId), RedisKeys.ClusterVector(clusterId)]);
        _ = db.SetRemoveAsync(RedisKeys.ClustersAll, clusterId);
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersBySize, clusterId);
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByStatus(status), clusterId);
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByLastSeen, clusterId);
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByLastSeenOfStatus(status), clusterId);
        _ = db.SortedSetRemoveAsync(RedisKeys.ClustersByFirstSeen, clusterId);
        _ = db.SetRemoveAsync(RedisKeys.ClustersCurated, clusterId);
        ClusterDailyCounts.RemoveFrom(db, clusterId);
    }
}
