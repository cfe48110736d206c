using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>Takes a cluster out of every index and deletes its live record.</summary>
internal static class ClusterRecordRemoval
{
    /// <summary>Its id then resolves to <paramref name="survivorId"/>, when there is one (a cluster whose last report was deleted has none).</summary>
    public static void Write(IDatabaseAsync db, string clusterId, ClusterStatus status, string? survivorId)
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

    /// <summary>
    /// As <see cref="Write"/>, keeping what the cluster was (<paramref name="record"/>, its members) so
    /// the merge can be undone, and listing it among the survivor's <c>merged_from</c>.
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
        _ = db.SetAddAsync(RedisKeys.ClusterMergedFrom(survivorId), clusterId);
        Write(db, clusterId, status, survivorId);
    }
}
