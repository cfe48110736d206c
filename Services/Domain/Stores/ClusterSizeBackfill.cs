using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Sets each cluster's <c>size</c>, and its score in the size indexes, to the members it holds where
/// they differ: sizes written before commits counted them from the members were taken from the
/// writer's space, which lacks a report a person placed before it had a vector. One pipelined read
/// of every cluster's size and member count, then a script for each cluster that differs, which
/// counts again inside Redis and finds the status index there, so it needs no lease and replicas may
/// run it side by side. It answers the clusters it set right, whose summaries state the old count.
/// </summary>
internal static class ClusterSizeBackfill
{
    // KEYS[1] cluster hash, KEYS[2] cluster:items:{id}, KEYS[3] clusters:by_size, KEYS[4..] clusters:status:{status}
    // in the order of ARGV[3..2+n]; ARGV[1] id, ARGV[2] n. 1 when it wrote.
    private const string WriteSizeScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then
          return 0
        end
        local count = redis.call('SCARD', KEYS[2])
        if tonumber(redis.call('HGET', KEYS[1], 'size')) == count then
          return 0
        end
        redis.call('HSET', KEYS[1], 'size', count)
        redis.call('ZADD', KEYS[3], count, ARGV[1])
        for i = 1, tonumber(ARGV[2]) do
          if ARGV[2 + i] == status then
            redis.call('ZADD', KEYS[3 + i], count, ARGV[1])
          end
        end
        return 1
        """;

    public static async Task<IReadOnlyList<string>> RunAsync(IDatabase db)
    {
        var ids = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToList();
        var sizes = ids.Select(id => db.HashGetAsync(RedisKeys.Cluster(id), "size")).ToList();
        var counts = ids.Select(id => db.SetLengthAsync(RedisKeys.ClusterItems(id))).ToList();
        await Task.WhenAll([.. sizes, .. counts]);

        var statuses = Enum.GetValues<ClusterStatus>();
        var writes = new List<(string Id, Task<RedisResult> Wrote)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (sizes[i].Result.TryParse(out long stored) && stored == counts[i].Result)
            {
                continue;
            }
            writes.Add((ids[i], db.ScriptEvaluateAsync(WriteSizeScript,
                [RedisKeys.Cluster(ids[i]), RedisKeys.ClusterItems(ids[i]), RedisKeys.ClustersBySize, .. statuses.Select(RedisKeys.ClustersByStatus)],
                [ids[i], statuses.Length, .. statuses.Select(s => (RedisValue)s.ToRedis())])));
        }
        await Task.WhenAll(writes.Select(w => w.Wrote));
        return [.. writes.Where(w => (long)w.Wrote.Result == 1).Select(w => w.Id)];
    }
}
