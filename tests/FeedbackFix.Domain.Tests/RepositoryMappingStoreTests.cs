using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class RepositoryMappingStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly StoreSet _stores = new(redis.Connection);
    private readonly RepositoryMappingStore _mapping = new(redis.Connection);

    [Fact]
    public async Task A_replacement_is_read_back_with_lower_case_keys_and_the_next_version()
    {
        var before = await _mapping.GetAsync();

        var stored = await _mapping.ReplaceAsync(new RepositoryMapping(
            Github: new Dictionary<string, string> { ["Acme/Feedback"] = "https://github.com/acme/app" },
            Reddit: new Dictionary<string, string> { ["AcmeApp"] = "https://github.com/acme/app" }), expectedVersion: null);
        var read = await _mapping.GetAsync();

        Assert.Equal(before.Version + 1, stored!.Version);
        Assert.Equal(stored.Version, read.Version);
        Assert.Equal("https://github.com/acme/app", read.Github!["acme/feedback"]);
        Assert.Equal("https://github.com/acme/app", read.Reddit!["acmeapp"]);
        Assert.Null(read.Sentry);
    }

    [Fact]
    public async Task A_replacement_naming_an_old_version_is_refused_and_changes_nothing()
    {
        var first = await _mapping.ReplaceAsync(new RepositoryMapping(Sentry: new Dictionary<string, string> { ["web"] = "https://github.com/acme/web" }), null);
        await _mapping.ReplaceAsync(new RepositoryMapping(Sentry: new Dictionary<string, string> { ["api"] = "https://github.com/acme/api" }), first!.Version);

        var late = await _mapping.ReplaceAsync(new RepositoryMapping(), first.Version);

        Assert.Null(late);
        Assert.Equal("https://github.com/acme/api", (await _mapping.GetAsync()).Sentry!["api"]);
    }

    [Fact]
    public async Task A_cluster_is_suggested_the_repository_most_of_its_reports_map_to()
    {
        await _mapping.ReplaceAsync(new RepositoryMapping(
            Sentry: new Dictionary<string, string> { ["web"] = "https://github.com/acme/web" },
            Reddit: new Dictionary<string, string> { ["acme"] = "https://github.com/acme/app" }), null);
        var ids = new List<string>
        {
            await AddAsync(FeedbackSource.Sentry, new { project = "web" }),
            await AddAsync(FeedbackSource.Sentry, new { project = "web" }),
            await AddAsync(FeedbackSource.Reddit, new { subreddit = "Acme" }),
            await AddAsync(FeedbackSource.Manual, null),
        };
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "Crashes.", ids));

        Assert.Equal("https://github.com/acme/web", await _mapping.SuggestForClusterAsync(cluster.Id));
    }

    [Fact]
    public async Task A_GitHub_report_without_an_entry_maps_to_its_own_repository()
    {
        await _mapping.ReplaceAsync(new RepositoryMapping(), null);
        var ids = new List<string> { await AddAsync(FeedbackSource.Github, new { repository = "Octo/Widgets", number = 7 }) };
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "Crashes.", ids));

        Assert.Equal("https://github.com/octo/widgets", await _mapping.SuggestForClusterAsync(cluster.Id));
    }

    [Fact]
    public async Task A_cluster_whose_reports_map_nowhere_gets_no_suggestion()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);

        Assert.Null(await _mapping.SuggestForClusterAsync(cluster.Id));
    }

    [Theory]
    [InlineData(FeedbackSource.Github, "acme/app", true)]
    [InlineData(FeedbackSource.Github, "acme", false)]
    [InlineData(FeedbackSource.Github, "https://github.com/acme/app", false)]
    [InlineData(FeedbackSource.Sentry, "my-project.web", true)]
    [InlineData(FeedbackSource.Sentry, "my project", false)]
    [InlineData(FeedbackSource.Reddit, "dotnet", true)]
    [InlineData(FeedbackSource.Reddit, "r/dotnet", false)]
    public void Keys_follow_each_sources_own_naming(FeedbackSource source, string key, bool valid) =>
        Assert.Equal(valid, RepositoryRules.IsValidKey(source, key));

    private async Task<string> AddAsync(FeedbackSource source, object? metadata) =>
        (await _stores.Feedback.AddAsync(TestData.Feedback(source) with
        {
            Metadata = metadata is null ? null : JsonSerializer.SerializeToElement(metadata),
        }, null)).Id;
}
