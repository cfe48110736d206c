using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Which merges into a cluster (<c>cluster:merged_from:{id}</c>) a curation leaves with none of their
/// reports in it: moved, split out, deleted, or brought back by an unmerge. Such a merge has nothing to
/// bring back and no topic left in the cluster, so the curation drops it from the list in the
/// transaction that took its last report (docs/architecture.md, "Curation").
/// </summary>
/// <remarks>
/// Read before that transaction, which is fenced on <c>clustering:version</c>: every change of a
/// cluster's members or of a <c>merged_from</c> list (merge, unmerge, move, split, delete, the worker's
/// commits) bumps it, so what these reads saw still holds when the drop is written. The worker's
/// commits do not drop entries: refinement never takes reports out of a cluster a person merged into
/// (it is curated), and a worker merge whose reports refinement moved on is left out when read
/// (<see cref="ClusterCurationStore.GetMergedClustersAsync"/>), as is any entry written before this was kept.
/// </remarks>
internal static class ClusterMergedFrom
{
    // KEYS[1] cluster:merged_items:{merged}, KEYS[2] cluster:items:{cluster}; ARGV: n, the n reports
    // leaving the cluster, then the reports joining it. 1 when a report of the merge is in the cluster
    // after the change. SINTERCARD stops counting past the reports leaving, so only a merge with that few
    // left is read out, and a large one costs no more than a small one.
    private const string KeepsReportsScript = """
        local n = tonumber(ARGV[1])
        for i = 2 + n, #ARGV do
          if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then return 1 end
        end
        if redis.call('SINTERCARD', 2, KEYS[1], KEYS[2], 'LIMIT', n + 1) > n then return 1 end
        local leaving = {}
        for i = 2, 1 + n do leaving[ARGV[i]] = true end
        for _, id in ipairs(redis.call('SINTER', KEYS[1], KEYS[2])) do
          if not leaving[id] then return 1 end
        end
        return 0
        """;

    /// <summary>
    /// The entries of the lists of <paramref name="updates"/>' clusters that keep no report after them;
    /// only clusters that lose reports, or are opened again by an unmerge with their kept list, are read.
    /// </summary>
    public static async Task<IReadOnlyList<(string ClusterId, string MergedId)>> SpentAsync(IDatabase db, IEnumerable<ClusterMembershipUpdate> updates)
    {
        var touched = updates.Where(u => u.RemovedItems.Count > 0 || u.Opened).ToList();
        var lists = touched.Select(u => db.SetMembersAsync(RedisKeys.ClusterMergedFrom(u.ClusterId))).ToList();
        await Task.WhenAll(lists);
        var checks = touched.SelectMany((update, i) => lists[i].Result.Select(merged => (
            update.ClusterId,
            MergedId: merged.ToString(),
            Keeps: db.ScriptEvaluateAsync(KeepsReportsScript,
                [RedisKeys.ClusterMergedItems(merged.ToString()), RedisKeys.ClusterItems(update.ClusterId)],
                [update.RemovedItems.Count, .. update.RemovedItems.Select(id => (RedisValue)id), .. update.AddedItems.Select(id => (RedisValue)id)]))))
            .ToList();
        await Task.WhenAll(checks.Select(c => c.Keeps));
        return [.. checks.Where(c => (long)c.Keeps.Result == 0).Select(c => (c.ClusterId, c.MergedId))];
    }

    /// <summary>Queues the drops in the transaction that makes the change they were worked out for.</summary>
    public static void Drop(IDatabaseAsync transaction, IEnumerable<(string ClusterId, string MergedId)> spent)
    {
        foreach (var group in spent.GroupBy(s => s.ClusterId, StringComparer.Ordinal))
        {
            _ = transaction.SetRemoveAsync(RedisKeys.ClusterMergedFrom(group.Key), [.. group.Select(s => (RedisValue)s.MergedId)]);
        }
    }
}
