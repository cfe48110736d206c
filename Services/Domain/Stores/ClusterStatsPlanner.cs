using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Works out the counts (<see cref="ClusterStats"/>) each cluster of a membership commit has after it,
/// from what Redis holds before it. Call holding the membership lease: the commit is fenced by it, so
/// nobody changes membership between these reads and the commit that writes the counts.
/// </summary>
/// <remarks>
/// The cost follows the changed items, not the clusters' sizes: one pipelined read of the changed
/// items' sources and scores and of the touched clusters' stored counts. Two cases read more: a
/// cluster that loses its earliest or latest report has its range found again by a script that
/// intersects its members with <c>feedback:all</c> inside Redis (one round trip for all such clusters,
/// O(members) of Redis time, nothing sent back but two numbers), and a cluster never counted is
/// counted from all its members.
/// </remarks>
internal static class ClusterStatsPlanner
{
    // KEYS[1] cluster:items:{id}, KEYS[2] feedback:all, KEYS[3] a scratch key; ARGV: members leaving in
    // this commit. The lowest and highest feedback:all score of the other members, or nothing when
    // none has one. The intersection is made and sorted in C inside Redis (a set counts as a sorted set
    // of score 1, weighted 0 here), and the scratch key is gone before the script ends: measured at
    // 10,000 members, 8-11 ms, against 16-31 ms for a Lua loop of ZSCOREs (docs/benchmarks.md).
    private const string RangeScript = """
        redis.call('ZINTERSTORE', KEYS[3], 2, KEYS[1], KEYS[2], 'WEIGHTS', 0, 1)
        if #ARGV > 0 then redis.call('ZREM', KEYS[3], unpack(ARGV)) end
        local low = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
        local high = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
        redis.call('DEL', KEYS[3])
        if #low == 0 then return {} end
        return {low[2], high[2]}
        """;

    public static async Task<Dictionary<string, ClusterStats>> PlanAsync(IDatabase db, IEnumerable<ClusterMembershipUpdate> updates)
    {
        var touched = updates.ToList();
        var result = new Dictionary<string, ClusterStats>(StringComparer.Ordinal);
        if (touched.Count == 0)
        {
            return result;
        }

        var batch = db.CreateBatch();
        var readFacts = ItemFacts.Queue(batch, [.. touched.SelectMany(u => u.AddedItems.Concat(u.RemovedItems)).Distinct(StringComparer.Ordinal)]);
        var stored = touched.Where(u => !u.Opened).ToDictionary(u => u.ClusterId, u => new StoredCounts(
            batch.HashGetAsync(RedisKeys.Cluster(u.ClusterId), ClusterStats.Fields),
            batch.SetLengthAsync(RedisKeys.ClusterItems(u.ClusterId)),
            u.AddedItems.Count + u.RemovedItems.Count == 0
                ? Task.FromResult(Array.Empty<bool>())
                : batch.SetContainsAsync(RedisKeys.ClusterItems(u.ClusterId), [.. u.AddedItems.Concat(u.RemovedItems).Select(i => (RedisValue)i)])),
            StringComparer.Ordinal);
        batch.Execute();
        var facts = await readFacts();
        await Task.WhenAll(stored.Values.SelectMany(s => new Task[] { s.Fields, s.Members, s.Contains }));

        var ranged = new List<Change>();
        var uncounted = new List<Change>();
        foreach (var update in touched)
        {
            // Only what really changes counts: an item added that is a member already, or removed that is not, changes nothing.
            var change = new Change(update.ClusterId, null, update.AddedItems, update.RemovedItems);
            ClusterStats? basis = ClusterStats.Empty;
            if (stored.TryGetValue(update.ClusterId, out var counts))
            {
                var member = counts.Contains.Result;
                change = change with
                {
                    Added = [.. update.AddedItems.Where((_, i) => !member[i])],
                    Removed = [.. update.RemovedItems.Where((_, i) => member[update.AddedItems.Count + i])],
                };
                basis = ClusterStats.FromFields(counts.Fields.Result) ?? (counts.Members.Result == 0 ? ClusterStats.Empty : null);
            }
            else
            {
                change = change with { Removed = [] };
            }

            var added = change.Added.Select(id => facts[id]).ToList();
            var removed = change.Removed.Select(id => facts[id]).ToList();
            if (basis is null)
            {
                uncounted.Add(change);
            }
            else if (basis.LosesEnd(removed))
            {
                ranged.Add(change with { Counts = basis.WithSources(added, removed) });
            }
            else
            {
                result[update.ClusterId] = basis.WithSources(added, removed).Widened(added);
            }
        }

        if (ranged.Count > 0 || uncounted.Count > 0)
        {
            await ReadFurtherAsync(db, ranged, uncounted, facts, result);
        }
        return result;
    }

    private static async Task ReadFurtherAsync(
        IDatabase db, List<Change> ranged, List<Change> uncounted, Dictionary<string, ItemFacts> facts, Dictionary<string, ClusterStats> result)
    {
        var batch = db.CreateBatch();
        var ranges = ranged.Select(c => batch.ScriptEvaluateAsync(RangeScript,
            [RedisKeys.ClusterItems(c.ClusterId), RedisKeys.FeedbackAll, RedisKeys.ClusterRangeScratch(c.ClusterId)],
            [.. c.Removed.Select(id => (RedisValue)id)])).ToList();
        var members = uncounted.Select(c => batch.SetMembersAsync(RedisKeys.ClusterItems(c.ClusterId))).ToList();
        batch.Execute();
        await Task.WhenAll([.. ranges, .. members]);

        for (var i = 0; i < ranged.Count; i++)
        {
            var range = (RedisResult[])ranges[i].Result!;
            var counts = ranged[i].Counts! with
            {
                FirstSeenMs = range.Length == 2 ? (long)(double)range[0] : null,
                LastSeenMs = range.Length == 2 ? (long)(double)range[1] : null,
            };
            result[ranged[i].ClusterId] = counts.Widened(ranged[i].Added.Select(id => facts[id]));
        }

        // Never counted: count every member the cluster has after the commit.
        var after = uncounted.Select((c, i) => members[i].Result.Select(m => m.ToString())
            .Except(c.Removed, StringComparer.Ordinal).Union(c.Added, StringComparer.Ordinal).ToList()).ToList();
        var missing = after.SelectMany(ids => ids).Where(id => !facts.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var more = db.CreateBatch();
            var readMore = ItemFacts.Queue(more, missing);
            more.Execute();
            foreach (var (id, fact) in await readMore())
            {
                facts[id] = fact;
            }
        }
        for (var i = 0; i < uncounted.Count; i++)
        {
            result[uncounted[i].ClusterId] = ClusterStats.Of(after[i].Select(id => facts[id]));
        }
    }

    private sealed record StoredCounts(Task<RedisValue[]> Fields, Task<long> Members, Task<bool[]> Contains);

    private sealed record Change(string ClusterId, ClusterStats? Counts, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
}
