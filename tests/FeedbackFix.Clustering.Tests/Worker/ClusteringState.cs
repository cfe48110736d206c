using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>Reads what the worker left in Redis, to check it.</summary>
internal static class ClusteringState
{
    public static async Task WaitUntilClusteredAsync(IDatabase db, IReadOnlyCollection<string> itemIds, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var unclustered = 0;
            foreach (var chunk in itemIds.Chunk(500))
            {
                var flags = await db.SetContainsAsync("feedback:unclustered", [.. chunk.Select(id => (RedisValue)id)]);
                unclustered += flags.Count(f => f);
            }
            // Until the embedders have made their consumer group nothing has been read, so everything is still to do.
            var pendingCount = await PendingAsync(db);
            // The writer deletes what it acknowledged: what is left of stream:embedded is its backlog.
            var toPlace = await db.StreamLengthAsync("stream:embedded");
            if (unclustered == 0 && pendingCount == 0 && toPlace == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"{unclustered} of {itemIds.Count} items still unclustered, {pendingCount?.ToString() ?? "(no consumer group yet)"} entries pending with the embedders and {toPlace} waiting for the writer after {within.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>Entries the embedders have read and not yet handed on, or null before they made their consumer group.</summary>
    private static async Task<long?> PendingAsync(IDatabase db)
    {
        try
        {
            return (await db.StreamPendingAsync("stream:feedback", "embedders")).PendingMessageCount;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>Every cluster's members, by cluster id.</summary>
    public static async Task<Dictionary<string, string[]>> MembersAsync(IDatabase db)
    {
        var clusters = await db.SetMembersAsync("clusters:all");
        var result = new Dictionary<string, string[]>();
        foreach (var cluster in clusters)
        {
            result[cluster!] = [.. (await db.SetMembersAsync($"cluster:items:{cluster}")).Select(m => m.ToString())];
        }
        return result;
    }

    /// <summary>Asserts each item is in exactly one cluster's set, and its own cluster_id names that cluster.</summary>
    public static async Task AssertEachInExactlyOneClusterAsync(IDatabase db, FeedbackStore feedback, IReadOnlyList<string> itemIds)
    {
        var members = await MembersAsync(db);
        var homes = members.SelectMany(c => c.Value.Select(item => (item, cluster: c.Key))).ToLookup(x => x.item, x => x.cluster);
        var items = await feedback.GetManyAsync(itemIds);
        foreach (var item in items)
        {
            Assert.NotNull(item);
            var clusters = homes[item.Id].ToList();
            Assert.True(clusters.Count == 1, $"item {item.Id} is in {clusters.Count} clusters");
            Assert.Equal(clusters[0], item.ClusterId);
        }
        foreach (var (cluster, memberIds) in members)
        {
            Assert.Equal(memberIds.Length, (long)await db.HashGetAsync($"cluster:{cluster}", "size"));
        }
    }

    public static NewFeedback Report(string title) =>
        new(FeedbackSource.Manual, null, title, "", null, null, DateTimeOffset.UtcNow);
}
