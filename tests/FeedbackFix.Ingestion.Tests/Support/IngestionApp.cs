using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Redis;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>One redis-server and one Ingestion service shared by the HTTP tests; each test uses its own ids.</summary>
public sealed class IngestionApp : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public IngestionFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Factory = new IngestionFactory(Redis.ConnectionString, SignedDelivery.Settings);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>Whether anything was stored under this external id: the dedupe index is written first.</summary>
    public Task<bool> IsStoredAsync(FeedbackSource source, string externalId) =>
        Redis.Connection.GetDatabase().HashExistsAsync(RedisKeys.FeedbackExternal(source), externalId);

    /// <summary>How many GitHub reports name this issue number (test numbers are random, so only this test's).</summary>
    public async Task<int> CountGitHubItemsAsync(long number)
    {
        var db = Redis.Connection.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(RedisKeys.FeedbackBySource(FeedbackSource.Github));
        var count = 0;
        foreach (var id in ids)
        {
            var metadata = await db.HashGetAsync(RedisKeys.Feedback(id!), "metadata");
            if (metadata.HasValue && System.Text.Json.JsonDocument.Parse(metadata.ToString()).RootElement.TryGetProperty("number", out var n) && n.GetInt64() == number)
            {
                count++;
            }
        }
        return count;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IngestionAppCollection : ICollectionFixture<IngestionApp>
{
    public const string Name = "ingestion app";
}
