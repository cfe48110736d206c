using System.Diagnostics;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>
/// Stores clusters through the Domain's <see cref="ClusterStore"/>, many in flight at once so the
/// multiplexer pipelines them. Each takes one unclustered item while there are any, else none.
/// </summary>
internal static class ClusterSeeder
{
    private const int InFlight = 64;
    private const string Summary =
        "Users report that exporting large reports does nothing: no download starts and no error is shown. " +
        "Seen in Chrome and Firefox, on reports of more than about a thousand rows.";

    public static async Task<SeedResult> SeedAsync(string redisConnection, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);
        var store = new ClusterStore(redis, new FeedbackStore(redis, TimeProvider.System), TimeProvider.System);

        // SRANDMEMBER with a positive count gives distinct members: no item lands in two clusters.
        var db = redis.GetDatabase();
        var stored = await db.SortedSetLengthAsync(RedisKeys.FeedbackAll);
        var items = await db.SetRandomMembersAsync(RedisKeys.FeedbackUnclustered, count);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
            async (i, _) => await store.CreateAsync(new NewCluster(
                $"Export fails on large reports ({i})",
                Summary,
                i < items.Length ? [items[i].ToString()] : [])));
        return new SeedResult(count, clock.Elapsed, stored);
    }
}
