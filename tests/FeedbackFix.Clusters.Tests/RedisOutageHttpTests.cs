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
    public async Task With_Redis_killed_reads_answer_503_within_a_second_and_succeed_again_once_it_is_back()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/clusters")).StatusCode);

        await _app.Redis.StopAsync();

        foreach (var path in new[] { "/clusters", "/stats", "/jobs" })
        {
            var clock = Stopwatch.StartNew();
            var response = await _app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"GET {path} after the kill took {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _app.Client.GetAsync("/health")).StatusCode);

        await _app.Redis.StartAsync();

        await Eventually.TrueAsync(async () => (await _app.Client.GetAsync("/clusters")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "GET /clusters to succeed again once Redis is back");
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/health")).StatusCode);
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
