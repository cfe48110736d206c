using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Sets each cluster's <c>size</c>, and its score in the size indexes, to the members it holds where
/// they differ: sizes written before commits counted them from the members were taken from the
/// writer's space, which lacks a report a person placed before it had a vector. One pipelined read
/// of every cluster's size, status and member count, then a script for each cluster that differs,
/// which counts again inside Redis and leaves alone a cluster whose status changed meanwhile, so it
/// needs no lease and replicas may run it side by side.
/// </summary>
internal static class ClusterSizeBackfill
{
    // KEYS[1] cluster hash, KEYS[2] cluster:items:{id}, KEYS[3] clusters:by_size, KEYS[4] the status index
    // as read; ARGV[1] id, ARGV[2] the status as read. 1 when it wrote.
    private const string WriteSizeScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= ARGV[2] then
          return 0
        end
        local n = redis.call('SCARD', KEYS[2])
        if tonumber(redis.call('HGET', KEYS[1], 'size')) == n then
          return 0
        end
        redis.call('HSET', KEYS[1], 'size', n)
        redis.call('ZADD', KEYS[3], n, ARGV[1])
        redis.call('ZADD', KEYS[4], n, ARGV[1])
        return 1
        """;

    public static async Task<int> RunAsync(IDatabase db)
    {
        var ids = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToList();
        var fields = ids.Select(id => db.HashGetAsync(RedisKeys.Cluster(id), ["size", "status"])).ToList();
        var counts = ids.Select(id => db.SetLengthAsync(RedisKeys.ClusterItems(id))).ToList();
        await Task.WhenAll([.. fields, .. counts]);

        var writes = new List<Task<RedisResult>>();
        for (var i = 0; i < ids.Count; i++)
        {
            var (size, status) = (fields[i].Result[0], fields[i].Result[1]);
            if (status.IsNull || (size.TryParse(out long stored) && stored == counts[i].Result))
            {
                continue;
            }
            writes.Add(db.ScriptEvaluateAsync(WriteSizeScript,
                [RedisKeys.Cluster(ids[i]), RedisKeys.ClusterItems(ids[i]), RedisKeys.ClustersBySize,
                 RedisKeys.ClustersByStatus(RedisValues.ParseEnum(status, ClusterStatus.New))],
                [ids[i], status]));
        }
        var written = await Task.WhenAll(writes);
        return written.Count(w => (long)w == 1);
    }
}
