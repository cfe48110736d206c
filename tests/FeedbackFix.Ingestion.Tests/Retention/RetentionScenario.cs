using System.Diagnostics.Metrics;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Retention;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Ingestion.Tests.Retention;

/// <summary>
/// A redis-server of the test's own (retention reads the whole <c>feedback:all</c>), the Domain stores
/// on the real clock, and retention on a fake one the test moves: reports are written with the
/// <c>created_at</c> the test gives, so their age is exact.
/// </summary>
internal sealed class RetentionScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private RetentionScenario(RedisServer redis)
    {
        Redis = redis;
        Feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        Clusters = new ClusterStore(redis.Connection, Feedback, TimeProvider.System);
        Curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        Jobs = new JobStore(redis.Connection, Clusters, TimeProvider.System);
        Meters = _meters.GetRequiredService<IMeterFactory>();
        Telemetry = new RetentionTelemetry(Meters);
    }

    public RedisServer Redis { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public FeedbackStore Feedback { get; }

    public ClusterStore Clusters { get; }

    public ClusterCurationStore Curation { get; }

    public JobStore Jobs { get; }

    public IMeterFactory Meters { get; }

    public RetentionTelemetry Telemetry { get; }

    public FakeLogger<FeedbackRetentionService> ServiceLog { get; } = new();

    public FakeLogger<FeedbackRetention> PassLog { get; } = new();

    public static async Task<RetentionScenario> StartAsync()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        return new RetentionScenario(redis);
    }

    public FeedbackRetention Retention(RetentionOptions options) =>
        new(Redis.Connection, Feedback, Curation, Options.Create(options), Telemetry, Clock, PassLog);

    public FeedbackRetentionService Service(RetentionOptions options) =>
        new(Retention(options), Options.Create(options), Clock, ServiceLog);

    /// <summary>A report created <paramref name="age"/> before <see cref="Start"/>.</summary>
    public async Task<string> AddReportAsync(TimeSpan age) =>
        (await Feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, Unique.Token(), "Export fails", "The CSV export times out.",
            null, "ann", Start - age), null)).Id;

    public async Task<bool> ExistsAsync(string feedbackId) =>
        await Redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Feedback(feedbackId));

    public async ValueTask DisposeAsync()
    {
        Telemetry.Dispose();
        await _meters.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
