using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Puts the clusters counted before <c>clusters:by_trend</c> and <c>clusters:by_first_seen</c> existed into
/// them: a few pipelined passes over all clusters (which are missing, their members, those members'
/// <c>created_at</c>, the writes), whatever their number. Each write is a script that leaves a cluster
/// alone when a membership commit wrote its entry meanwhile (a commit counts a cluster missing from
/// <c>clusters:by_trend</c> in full), so it needs no lease and replicas may run it side by side.
/// </summary>
internal static class ClusterIndexBackfill
{
    // KEYS[1] cluster hash, KEYS[2] cluster:daily:{id}, KEYS[3] clusters:by_trend; ARGV[1] id, ARGV[2] trend
    // key, then the day fields.
    private const string WriteTrendScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('ZSCORE', KEYS[3], ARGV[1]) then
          return 0
        end
        redis.call('DEL', KEYS[2])
        if #ARGV > 2 then redis.call('HSET', KEYS[2], unpack(ARGV, 3)) end
        redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
        return 1
        """;

    // KEYS[1] cluster hash, KEYS[2] clusters:by_first_seen; ARGV[1] id, ARGV[2] the first_seen field as read, ARGV[3] its score.
    private const string WriteFirstSeenScript = """
        if redis.call('HGET', KEYS[1], 'first_seen') ~= ARGV[2] or redis.call('ZSCORE', KEYS[2], ARGV[1]) then
          return 0
        end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    public static async Task<int> RunAsync(IDatabase db, DateTimeOffset now)
    {
        var ids = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }
        var trendKeys = db.SortedSetScoresAsync(RedisKeys.ClustersByTrend, [.. ids.Select(id => (RedisValue)id)]);
        var firstSeenScores = db.SortedSetScoresAsync(RedisKeys.ClustersByFirstSeen, [.. ids.Select(id => (RedisValue)id)]);
        var (trend, firstSeen) = (await trendKeys, await firstSeenScores);
        var untrended = ids.Where((_, i) => trend[i] is null).ToList();
        var unranked = ids.Where((_, i) => firstSeen[i] is null).ToList();
        if (untrended.Count == 0 && unranked.Count == 0)
        {
            return 0;
        }

        var members = untrended.Select(id => db.SetMembersAsync(RedisKeys.ClusterItems(id))).ToList();
        var firstSeenFields = unranked.Select(id => db.HashGetAsync(RedisKeys.Cluster(id), ClusterStats.FirstSeenField)).ToList();
        await Task.WhenAll([.. members, .. firstSeenFields]);
        var memberIds = members.Select(m => m.Result.Select(v => v.ToString()).ToList()).ToList();

        var readFacts = ItemFacts.Queue(db, [.. memberIds.SelectMany(m => m).Distinct(StringComparer.Ordinal)]);
        var facts = await readFacts();

        var writes = new List<Task<RedisResult>>();
        for (var i = 0; i < untrended.Count; i++)
        {
            var daily = ClusterDailyCounts.Of(memberIds[i].Select(id => facts[id].CreatedMs).OfType<long>().Select(DateTimeOffset.FromUnixTimeMilliseconds), now);
            writes.Add(db.ScriptEvaluateAsync(WriteTrendScript,
                [RedisKeys.Cluster(untrended[i]), RedisKeys.ClusterDaily(untrended[i]), RedisKeys.ClustersByTrend],
                [untrended[i], daily.TrendKey, .. daily.ToFields().SelectMany(f => new[] { f.Name, f.Value })]));
        }
        for (var i = 0; i < unranked.Count; i++)
        {
            var field = firstSeenFields[i].Result;
            if (field.IsNullOrEmpty)
            {
                // Not counted yet: the stats backfill or the next commit puts it in with its counts.
                continue;
            }
            writes.Add(db.ScriptEvaluateAsync(WriteFirstSeenScript,
                [RedisKeys.Cluster(unranked[i]), RedisKeys.ClustersByFirstSeen],
                [unranked[i], field, RedisValues.ParseTime(field).ToUnixTimeMilliseconds()]));
        }
        var written = await Task.WhenAll(writes);
        return written.Count(w => (long)w == 1);
    }
}
