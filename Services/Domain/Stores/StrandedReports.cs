using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Finds the reports left naming a cluster that is gone, in no cluster's members (a curation once
/// removed a cluster by a stored size that had not counted them), and releases them to be placed
/// again: their <c>cluster_id</c> cleared and back in <c>feedback:unclustered</c>. It first compares
/// the reports that name a cluster (<c>feedback:all</c> less <c>feedback:unclustered</c>) with the
/// clusters' members (one pipelined <c>SCARD</c> each); only when they differ does it read every
/// report's <c>cluster_id</c>, in chunks. Each release is a script that acts only while the report
/// still names that cluster and the cluster is still gone, so it needs no lease.
/// </summary>
internal static class StrandedReports
{
    private const int Chunk = 10_000;

    // KEYS[1] feedback:{id}, KEYS[2] cluster:{cluster id}, KEYS[3] feedback:unclustered; ARGV[1] id, ARGV[2]
    // the cluster id as read. 1 when it released the report.
    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'cluster_id') ~= ARGV[2] or redis.call('EXISTS', KEYS[2]) == 1 then
          return 0
        end
        redis.call('HDEL', KEYS[1], 'cluster_id')
        redis.call('SADD', KEYS[3], ARGV[1])
        return 1
        """;

    public static async Task<IReadOnlyList<string>> ReleaseAsync(IDatabase db)
    {
        var readTotal = db.SortedSetLengthAsync(RedisKeys.FeedbackAll);
        var readUnclustered = db.SetLengthAsync(RedisKeys.FeedbackUnclustered);
        var live = (await db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
        var members = live.Select(id => db.SetLengthAsync(RedisKeys.ClusterItems(id))).ToList();
        await Task.WhenAll([readTotal, readUnclustered, .. members]);
        if (readTotal.Result - readUnclustered.Result == members.Sum(m => m.Result))
        {
            return [];
        }

        var released = new List<string>();
        for (long from = 0; ; from += Chunk)
        {
            var ids = await db.SortedSetRangeByRankAsync(RedisKeys.FeedbackAll, from, from + Chunk - 1);
            if (ids.Length == 0)
            {
                return released;
            }
            var clusterIds = ids.Select(id => db.HashGetAsync(RedisKeys.Feedback(id.ToString()), "cluster_id")).ToList();
            await Task.WhenAll(clusterIds);
            var releases = new List<(string Id, Task<RedisResult> Released)>();
            for (var i = 0; i < ids.Length; i++)
            {
                if (clusterIds[i].Result is { IsNullOrEmpty: false } clusterId && !live.Contains(clusterId.ToString()))
                {
                    var id = ids[i].ToString();
                    releases.Add((id, db.ScriptEvaluateAsync(ReleaseScript,
                        [RedisKeys.Feedback(id), RedisKeys.Cluster(clusterId.ToString()), RedisKeys.FeedbackUnclustered], [id, clusterId])));
                }
            }
            await Task.WhenAll(releases.Select(r => r.Released));
            released.AddRange(releases.Where(r => (long)r.Released.Result == 1).Select(r => r.Id));
        }
    }
}
