using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Once per store: finds the reports left naming a cluster that is gone, in no cluster's members (a
/// curation once removed a cluster by a stored size that had not counted them), and queues them to be
/// placed again. Since sizes are counted from the members no commit strands a report, so one look
/// through every report (<c>ZSCAN feedback:all</c>, each report's <c>cluster_id</c> in pipelined chunks)
/// suffices, marked done by <c>clustering:stranded_released</c>. Each release is a script that acts
/// only while the report still names that cluster and the cluster is still gone, and in one step clears
/// its <c>cluster_id</c>, puts it back in <c>feedback:unclustered</c> and on <c>stream:feedback</c>, so
/// an interrupted pass loses nothing and the next writer's pass finds the rest.
/// </summary>
internal static class StrandedReports
{
    private const int Chunk = 1_000;

    // KEYS[1] feedback:{id}, KEYS[2] cluster:{cluster id}, KEYS[3] feedback:unclustered, KEYS[4] stream:feedback;
    // ARGV[1] id, ARGV[2] the cluster id as read, ARGV[3] the stream's approximate cap. 1 when it released the report.
    private const string ReleaseScript = $$"""
        if redis.call('HGET', KEYS[1], 'cluster_id') ~= ARGV[2] or redis.call('EXISTS', KEYS[2]) == 1 then
          return 0
        end
        redis.call('HDEL', KEYS[1], 'cluster_id')
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[3], '*', '{{QueueEntries.FeedbackIdField}}', ARGV[1], '{{QueueEntries.TraceParentField}}', '')
        return 1
        """;

    /// <summary>
    /// Releases these reports, each only while it still names that cluster and the cluster is gone (a
    /// no-op otherwise); returns the ids released. For a report met on its way to the writer, whose
    /// cluster went while its vector was missing (the writer's space did not hold it, so a refinement
    /// that emptied the cluster did not move it).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReleaseAsync(IDatabase db, IReadOnlyList<(string Id, string ClusterId)> reports)
    {
        var releases = reports.Select(r => Release(db, r.Id, r.ClusterId)).ToList();
        var released = await Task.WhenAll(releases);
        if (released.Any(r => r))
        {
            await db.PublishAsync(StreamWakeup.FeedbackChannel, "");
        }
        return [.. reports.Where((_, i) => released[i]).Select(r => r.Id)];
    }

    private static async Task<bool> Release(IDatabase db, string id, RedisValue clusterId) =>
        (long)await db.ScriptEvaluateAsync(ReleaseScript,
            [RedisKeys.Feedback(id), RedisKeys.Cluster(clusterId.ToString()), RedisKeys.FeedbackUnclustered, RedisKeys.FeedbackStream],
            [id, clusterId, FeedbackStore.StreamMaxLength]) == 1;

    public static async Task<int> ReleaseAsync(IDatabase db)
    {
        if (await db.KeyExistsAsync(RedisKeys.StrandedReportsReleased))
        {
            return 0;
        }

        var released = 0;
        await foreach (var chunk in db.SortedSetScanAsync(RedisKeys.FeedbackAll, pageSize: Chunk).Chunk(Chunk))
        {
            var ids = chunk.Select(entry => entry.Element.ToString()).ToList();
            var clusterIds = ids.Select(id => db.HashGetAsync(RedisKeys.Feedback(id), "cluster_id")).ToList();
            await Task.WhenAll(clusterIds);
            var named = clusterIds.Select(c => c.Result).Where(c => !c.IsNullOrEmpty).Distinct().ToList();
            var exists = named.Select(c => db.KeyExistsAsync(RedisKeys.Cluster(c.ToString()))).ToList();
            await Task.WhenAll(exists);
            var gone = named.Where((_, i) => !exists[i].Result).ToHashSet();

            var releases = ids.Select((id, i) => (Id: id, ClusterId: clusterIds[i].Result))
                .Where(r => gone.Contains(r.ClusterId))
                .Select(r => Release(db, r.Id, r.ClusterId))
                .ToList();
            released += (await Task.WhenAll(releases)).Count(r => r);
        }
        if (released > 0)
        {
            await db.PublishAsync(StreamWakeup.FeedbackChannel, "");
        }
        await db.StringSetAsync(RedisKeys.StrandedReportsReleased, "1");
        return released;
    }
}
