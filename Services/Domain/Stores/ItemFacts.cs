using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What a cluster's counts need of one report: its source and its <c>created_at</c> in Unix ms (its
/// <c>feedback:all</c> score). Both are written once, at ingest, so they may be read ahead of a commit.
/// Null where the report is missing.
/// </summary>
internal readonly record struct ItemFacts(FeedbackSource? Source, long? CreatedMs)
{
    /// <summary>
    /// Queues the reads of <paramref name="ids"/>' facts on <paramref name="db"/> (one ZMSCORE and
    /// one HGET per item); await the result once every read is sent.
    /// </summary>
    public static Func<Task<Dictionary<string, ItemFacts>>> Queue(IDatabaseAsync db, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return () => Task.FromResult(new Dictionary<string, ItemFacts>(StringComparer.Ordinal));
        }

        var scores = db.SortedSetScoresAsync(RedisKeys.FeedbackAll, [.. ids.Select(id => (RedisValue)id)]);
        var sources = ids.Select(id => db.HashGetAsync(RedisKeys.Feedback(id), "source")).ToList();
        return async () =>
        {
            var created = await scores;
            await Task.WhenAll(sources);
            var facts = new Dictionary<string, ItemFacts>(ids.Count, StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                var source = sources[i].Result;
                facts[ids[i]] = new ItemFacts(
                    source.IsNull ? null : RedisValues.ParseEnum(source, FeedbackSource.Manual),
                    created[i] is { } ms ? (long)ms : null);
            }
            return facts;
        };
    }
}
