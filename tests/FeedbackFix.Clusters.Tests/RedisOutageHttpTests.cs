using System.Diagnostics;
using System.Net;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clusters.Tests;

/// <summary>Its own app and redis-server, since the test kills Redis.</summary>
public sealed class RedisOutageHttpTests : IAsyncLifetime
{
    private readonly ClustersApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task Once_the_service_noticed_Redis_is_killed_reads_answer_503_within_a_second_and_succeed_again_once_it_is_back()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/clusters")).StatusCode);

        await _app.Redis.StopAsync();
        // A request racing the crash itself may wait in the client's backlog up to the command
        // timeout (docs/architecture.md, "Redis"); every one after the service noticed answers at once.
        await Eventually.TrueAsync(async () => (await _app.Client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(5), "/health to say Redis is gone");

        foreach (var path in new[] { "/clusters", "/stats", "/jobs" })
        {
            var clock = Stopwatch.StartNew();
            var response = await _app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"GET {path} after the kill took {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        await _app.Redis.StartAsync();

        await Eventually.TrueAsync(async () => (await _app.Client.GetAsync("/clusters")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "GET /clusters to succeed again once Redis is back");
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/health")).StatusCode);
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
