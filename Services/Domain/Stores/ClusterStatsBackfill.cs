using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Counts the clusters written before <see cref="ClusterStats"/> existed: a few pipelined passes over
/// all clusters (which lack <c>last_seen</c>, their members, those members' sources and scores, the
/// writes), whatever their number. Each write is a script that leaves the cluster alone when a
/// membership commit counted it meanwhile (a commit counts an uncounted cluster in full), so it
/// needs no lease and replicas may run it side by side.
/// </summary>
internal static class ClusterStatsBackfill
{
    // KEYS[1] cluster hash, KEYS[2] clusters:by_first_seen, KEYS[3] clusters:by_last_seen,
    // KEYS[4..] clusters:by_last_seen:{status} in the order of ARGV[5..4+n]; ARGV[1] id, ARGV[2] first_seen
    // score, ARGV[3] last_seen score, ARGV[4] n, then the fields.
    private const string WriteScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'last_seen') == 1 then
          return 0
        end
        local n = tonumber(ARGV[4])
        redis.call('HSET', KEYS[1], unpack(ARGV, 5 + n))
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
        local status = redis.call('HGET', KEYS[1], 'status')
        for i = 1, n do
          if ARGV[4 + i] == status then
            redis.call('ZADD', KEYS[3 + i], ARGV[3], ARGV[1])
          end
        end
        return 1
        """;

    public static async Task<int> RunAsync(IDatabase db)
    {
        var ids = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToList();
        var counted = ids.Select(id => db.HashExistsAsync(RedisKeys.Cluster(id), ClusterStats.LastSeenField)).ToList();
        await Task.WhenAll(counted);
        var uncounted = ids.Where((_, i) => !counted[i].Result).ToList();
        if (uncounted.Count == 0)
        {
            return 0;
        }

        var members = uncounted.Select(id => db.SetMembersAsync(RedisKeys.ClusterItems(id))).ToList();
        await Task.WhenAll(members);
        var memberIds = members.Select(m => m.Result.Select(v => v.ToString()).ToList()).ToList();

        var readFacts = ItemFacts.Queue(db, [.. memberIds.SelectMany(m => m).Distinct(StringComparer.Ordinal)]);
        var facts = await readFacts();

        var statuses = Enum.GetValues<ClusterStatus>();
        var writes = new List<Task<RedisResult>>();
        for (var i = 0; i < uncounted.Count; i++)
        {
            var stats = ClusterStats.Of(memberIds[i].Select(id => facts[id]));
            if (stats.LastSeenMs is not { } lastSeen || stats.FirstSeenMs is not { } firstSeen)
            {
                // No member with a score: nothing to count, and nothing to sort by.
                continue;
            }
            writes.Add(db.ScriptEvaluateAsync(WriteScript,
                [
                    RedisKeys.Cluster(uncounted[i]), RedisKeys.ClustersByFirstSeen, RedisKeys.ClustersByLastSeen,
                    .. statuses.Select(RedisKeys.ClustersByLastSeenOfStatus),
                ],
                [uncounted[i], firstSeen, lastSeen, statuses.Length, .. statuses.Select(s => (RedisValue)s.ToRedis()), .. stats.ToFieldValues()]));
        }
        var written = await Task.WhenAll(writes);
        return written.Count(w => (long)w == 1);
    }
}
