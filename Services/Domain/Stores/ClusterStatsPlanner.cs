using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Works out the size, the counts (<see cref="ClusterStats"/>) and the reports by day (<see cref="ClusterDailyCounts"/>)
/// each cluster of a membership commit has after it, from what Redis holds before it. Call before a
/// commit fenced on what these reads saw (the writer's lease and <c>clustering:version</c>, or a
/// curation's guard on the version), so nobody changes membership between them and the commit.
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

    public static async Task<CommitCounts> PlanAsync(IDatabase db, IEnumerable<ClusterMembershipUpdate> updates, DateTimeOffset now)
    {
        var touched = updates.ToList();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var result = new Dictionary<string, ClusterStats>(StringComparer.Ordinal);
        var daily = new Dictionary<string, ClusterDailyCounts>(StringComparer.Ordinal);
        if (touched.Count == 0)
        {
            return new CommitCounts(sizes, result, daily);
        }

        var readFacts = ItemFacts.Queue(db, [.. touched.SelectMany(u => u.AddedItems.Concat(u.RemovedItems)).Distinct(StringComparer.Ordinal)]);
        var stored = touched.Where(u => !u.Opened).ToDictionary(u => u.ClusterId, u => new StoredCounts(
            db.HashGetAsync(RedisKeys.Cluster(u.ClusterId), ClusterStats.Fields),
            db.SetLengthAsync(RedisKeys.ClusterItems(u.ClusterId)),
            u.AddedItems.Count + u.RemovedItems.Count == 0
                ? Task.FromResult(Array.Empty<bool>())
                : db.SetContainsAsync(RedisKeys.ClusterItems(u.ClusterId), [.. u.AddedItems.Concat(u.RemovedItems).Select(i => (RedisValue)i)]),
            ClusterDailyCounts.Queue(db, u.ClusterId)),
            StringComparer.Ordinal);
        var facts = await readFacts();
        await Task.WhenAll(stored.Values.SelectMany(s => new Task[] { s.Fields, s.Members, s.Contains, s.Daily.Counts, s.Daily.Key }));

        var ranged = new List<Change>();
        var uncounted = new List<Change>();
        var dailyUncounted = new List<Change>();
        foreach (var update in touched)
        {
            // Only what really changes counts: an item added that is a member already, or removed that is not, changes nothing.
            var adding = update.AddedItems.ToHashSet(StringComparer.Ordinal);
            var change = new Change(update.ClusterId, null, [.. update.AddedItems.Distinct(StringComparer.Ordinal)], []);
            ClusterStats? basis = ClusterStats.Empty;
            if (stored.TryGetValue(update.ClusterId, out var counts))
            {
                var member = counts.Contains.Result;
                change = change with
                {
                    Added = [.. update.AddedItems.Where((_, i) => !member[i]).Distinct(StringComparer.Ordinal)],
                    // Removed, then added again by the same write, an item stays: only what leaves counts.
                    Removed = [.. update.RemovedItems.Where((id, i) => member[update.AddedItems.Count + i] && !adding.Contains(id))
                        .Distinct(StringComparer.Ordinal)],
                };
                basis = ClusterStats.FromFields(counts.Fields.Result) ?? (counts.Members.Result == 0 ? ClusterStats.Empty : null);
            }
            sizes[update.ClusterId] = (counts?.Members.Result ?? 0) + change.Added.Count - change.Removed.Count;

            var added = change.Added.Select(id => facts[id]).ToList();
            var removed = change.Removed.Select(id => facts[id]).ToList();
            // Days are counted like the sources: from what the change does, unless the cluster was
            // never counted by day (written before the counts existed), which is counted in full.
            if (counts is null || counts.Daily.Key.Result is not null || counts.Members.Result == 0)
            {
                var before = counts is null || counts.Daily.Key.Result is null ? ClusterDailyCounts.Empty : ClusterDailyCounts.FromHash(counts.Daily.Counts.Result);
                daily[update.ClusterId] = before.Adjusted(Created(added), Created(removed), now);
            }
            else
            {
                dailyUncounted.Add(change);
            }

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

        if (ranged.Count > 0 || uncounted.Count > 0 || dailyUncounted.Count > 0)
        {
            await ReadFurtherAsync(db, ranged, uncounted, dailyUncounted, facts, result, daily, now);
        }
        return new CommitCounts(sizes, result, daily);
    }

    private static IEnumerable<DateTimeOffset> Created(IEnumerable<ItemFacts> items) =>
        items.Where(i => i.CreatedMs is not null).Select(i => DateTimeOffset.FromUnixTimeMilliseconds(i.CreatedMs!.Value));

    private static async Task ReadFurtherAsync(
        IDatabase db, List<Change> ranged, List<Change> uncounted, List<Change> dailyUncounted, Dictionary<string, ItemFacts> facts,
        Dictionary<string, ClusterStats> result, Dictionary<string, ClusterDailyCounts> daily, DateTimeOffset now)
    {
        var ranges = ranged.Select(c => db.ScriptEvaluateAsync(RangeScript,
            [RedisKeys.ClusterItems(c.ClusterId), RedisKeys.FeedbackAll, RedisKeys.ClusterRangeScratch(c.ClusterId)],
            [.. c.Removed.Select(id => (RedisValue)id)])).ToList();
        // Counted in full: by its sources and range, by day, or both.
        var full = uncounted.Concat(dailyUncounted).DistinctBy(c => c.ClusterId, StringComparer.Ordinal).ToList();
        var members = full.Select(c => db.SetMembersAsync(RedisKeys.ClusterItems(c.ClusterId))).ToList();
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
        var after = full.Select((c, i) => members[i].Result.Select(m => m.ToString())
            .Except(c.Removed, StringComparer.Ordinal).Union(c.Added, StringComparer.Ordinal).ToList()).ToList();
        var missing = after.SelectMany(ids => ids).Where(id => !facts.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var readMore = ItemFacts.Queue(db, missing);
            foreach (var (id, fact) in await readMore())
            {
                facts[id] = fact;
            }
        }
        var statsUncounted = uncounted.Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        var byDay = dailyUncounted.Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < full.Count; i++)
        {
            var items = after[i].Select(id => facts[id]).ToList();
            if (statsUncounted.Contains(full[i].ClusterId))
            {
                result[full[i].ClusterId] = ClusterStats.Of(items);
            }
            if (byDay.Contains(full[i].ClusterId))
            {
                daily[full[i].ClusterId] = ClusterDailyCounts.Of(Created(items), now);
            }
        }
    }

    private sealed record StoredCounts(
        Task<RedisValue[]> Fields, Task<long> Members, Task<bool[]> Contains, (Task<HashEntry[]> Counts, Task<double?> Key) Daily);

    private sealed record Change(string ClusterId, ClusterStats? Counts, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
}
