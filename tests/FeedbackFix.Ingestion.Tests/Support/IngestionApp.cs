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
