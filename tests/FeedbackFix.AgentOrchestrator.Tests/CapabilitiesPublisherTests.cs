using FeedbackFix.AgentOrchestrator.Capabilities;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>What the orchestrator tells Clusters about itself; each test has a redis-server of its own (the key is one for all).</summary>
public sealed class CapabilitiesPublisherTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("ghp_some-token", true)]
    [InlineData(null, false)]
    [InlineData("  ", false)]
    public async Task At_start_the_orchestrator_records_whether_it_has_a_GitHub_token_for_three_reconcile_intervals(string? token, bool expected)
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new OrchestratorCapabilitiesStore(redis.Connection, clock);
        using var publisher = Publisher(store, token, TimeSpan.FromSeconds(10), clock);

        await publisher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await store.GetAsync() is not null, Within, "the orchestrator's capabilities to be recorded");

        Assert.Equal(new OrchestratorCapabilities(expected, clock.GetUtcNow()), await store.GetAsync());
        Assert.InRange((await redis.Connection.GetDatabase().KeyTimeToLiveAsync("orchestrator:capabilities"))!.Value,
            TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_record_is_refreshed_every_reconcile_interval()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var start = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var store = new OrchestratorCapabilitiesStore(redis.Connection, clock);
        using var publisher = Publisher(store, "ghp_some-token", TimeSpan.FromSeconds(10), clock);
        await publisher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await store.GetAsync() is not null, Within, "the first record");

        clock.Advance(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(async () => (await store.GetAsync())?.UpdatedAt == start.AddSeconds(10), Within, "the record to be refreshed");
        await publisher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_stopped_orchestrator_leaves_no_answer_behind_once_its_record_expires()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var store = new OrchestratorCapabilitiesStore(redis.Connection, TimeProvider.System);
        using var publisher = Publisher(store, null, TimeSpan.FromMilliseconds(100), TimeProvider.System);
        await publisher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await store.GetAsync() is not null, Within, "the first record");

        await publisher.StopAsync(CancellationToken.None);

        await Eventually.TrueAsync(async () => await store.GetAsync() is null, Within, "the stopped orchestrator's record to expire");
    }

    private static CapabilitiesPublisher Publisher(OrchestratorCapabilitiesStore store, string? token, TimeSpan interval, TimeProvider time) => new(
        store,
        Options.Create(new GitHubOptions { Token = token }),
        Options.Create(new OrchestratorOptions { BackendUrl = "http://127.0.0.1:9/", ReconcileInterval = interval }),
        time,
        NullLogger<CapabilitiesPublisher>.Instance);
}
