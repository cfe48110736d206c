using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Poller.Tests;

public sealed class PollerStateStoreTests
{
    [Fact]
    public async Task The_seen_set_keeps_only_the_newest_posts_up_to_its_capacity_and_the_cursor_moves_with_the_batch()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var store = new PollerStateStore(redis.Connection);
        var posts = Enumerable.Range(1, 150).Select(i => ($"t3_{i}", (double)i)).ToList();

        await store.RecordAsync("dotnet", posts, newest: "t3_150", capacity: 100);

        var seen = await store.FindSeenAsync("dotnet", ["t3_1", "t3_50", "t3_51", "t3_150", "t3_999"]);
        Assert.Equal(["t3_150", "t3_51"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(100, await redis.Connection.GetDatabase().SortedSetLengthAsync("poller:reddit:dotnet:seen"));
        Assert.Equal("t3_150", await store.GetNewestAsync("dotnet"));
        Assert.Null(await store.GetNewestAsync("csharp"));
    }
}
