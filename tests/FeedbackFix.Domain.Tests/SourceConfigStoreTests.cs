using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class SourceConfigStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly StoreSet _stores = new(redis.Connection);

    [Theory]
    [InlineData("ab")]
    [InlineData("dotnet")]
    [InlineData("AskReddit")]
    [InlineData("a_b_c")]
    [InlineData("2meirl4meirl")]
    [InlineData("abcdefghijklmnopqrstu")]
    public void IsValidSubreddit_accepts_reddit_names(string name)
    {
        Assert.True(SourceConfigStore.IsValidSubreddit(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopqrstuv")]
    [InlineData("_abc")]
    [InlineData("r/dotnet")]
    [InlineData("dot net")]
    [InlineData("dot-net")]
    [InlineData("dotnet ")]
    [InlineData("dotnet\n")]
    [InlineData("dötnet")]
    [InlineData("日本語")]
    public void IsValidSubreddit_rejects_other_names(string? name)
    {
        Assert.False(SourceConfigStore.IsValidSubreddit(name));
    }

    [Theory]
    [InlineData("DotNet", "dotnet")]
    [InlineData("ASKREDDIT", "askreddit")]
    [InlineData("already_lower", "already_lower")]
    public void Normalize_lower_cases_the_name(string name, string expected)
    {
        Assert.Equal(expected, SourceConfigStore.Normalize(name));
    }

    [Fact]
    public async Task Add_stores_the_name_in_lower_case()
    {
        var name = UniqueName("Sub");

        var added = await _stores.Config.AddSubredditAsync(name);

        Assert.True(added);
        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.RedditSubreddits, name.ToLowerInvariant()));
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.RedditSubreddits, name));
        Assert.Contains(name.ToLowerInvariant(), await _stores.Config.GetSubredditsAsync());
    }

    [Fact]
    public async Task Add_of_a_name_already_there_in_any_case_returns_false_and_keeps_one()
    {
        var name = UniqueName("sub");
        await _stores.Config.AddSubredditAsync(name);

        var again = await _stores.Config.AddSubredditAsync(name.ToUpperInvariant());

        Assert.False(again);
        Assert.Single(await _stores.Config.GetSubredditsAsync(), s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Remove_in_any_case_removes_the_name()
    {
        var name = UniqueName("sub");
        await _stores.Config.AddSubredditAsync(name);

        var removed = await _stores.Config.RemoveSubredditAsync(name.ToUpperInvariant());

        Assert.True(removed);
        Assert.DoesNotContain(name, await _stores.Config.GetSubredditsAsync());
    }

    [Fact]
    public async Task Remove_of_a_name_not_there_returns_false()
    {
        var name = UniqueName("sub");
        await _stores.Config.AddSubredditAsync(name);
        await _stores.Config.RemoveSubredditAsync(name);

        var again = await _stores.Config.RemoveSubredditAsync(name);

        Assert.False(again);
    }

    [Fact]
    public async Task GetSubreddits_is_sorted_and_lists_each_name_once()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.Config.AddSubredditAsync("zeta");
        await stores.Config.AddSubredditAsync("Alpha");
        await stores.Config.AddSubredditAsync("ALPHA");
        await stores.Config.AddSubredditAsync("mid_dle");

        var names = await stores.Config.GetSubredditsAsync();

        Assert.Equal(["alpha", "mid_dle", "zeta"], names);
    }

    [Fact]
    public async Task GetSubreddits_of_an_empty_store_is_empty()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();

        Assert.Empty(await new StoreSet(dedicated.Server.Connection).Config.GetSubredditsAsync());
    }

    /// <summary>A subreddit name nobody else uses: a prefix and 16 hex digits, within Reddit's 21 characters.</summary>
    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];
}
