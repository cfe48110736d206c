using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;
using Xunit.Abstractions;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>Its own redis-server, since this test stops it.</summary>
public sealed class RedisOutageHttpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private IngestionFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _factory = new IngestionFactory(_redis.ConnectionString);
    }

    [Fact]
    public async Task Redis_down_answers_503_with_retry_after_and_the_service_recovers_when_it_returns()
    {
        var client = _factory.CreateClient();
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/ingest/manual", new { title = "Before the outage" }), HttpStatusCode.Created);

        await _redis.StopAsync();
        var marker = Unique.Token();
        var during = await client.PostAsJsonAsync("/ingest/manual", new { title = "During the outage", external_id = marker });

        await HttpAssert.ProblemAsync(during, HttpStatusCode.ServiceUnavailable);
        Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should give a delay");

        await _redis.StartAsync();
        var recovered = await PollAsync(() => client.PostAsJsonAsync("/ingest/manual", new { title = "After the outage", external_id = marker }), TimeSpan.FromSeconds(60));
        var id = (await HttpAssert.JsonAsync(recovered, HttpStatusCode.Created)).GetProperty("id").GetString();
        await HttpAssert.JsonAsync(await client.GetAsync($"/feedback/{id}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_Redis_killed_every_request_once_noticed_answers_503_within_a_second_and_recovery_is_by_itself()
    {
        var client = _factory.CreateClient();
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/ingest/manual", new { title = "Before the kill" }), HttpStatusCode.Created);

        await _redis.StopAsync();
        // A request racing the crash itself may wait in the client's backlog up to the command
        // timeout (docs/architecture.md, "Redis"); every one after the service noticed answers at once.
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(5), "/health to say Redis is gone");

        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/ingest/manual", new { title = $"During the outage {i}" });
            var elapsed = clock.Elapsed;
            output.WriteLine($"request {i} after the kill: {(int)response.StatusCode} in {elapsed.TotalMilliseconds:F1} ms");
            await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"request {i} after the kill took {elapsed.TotalMilliseconds:F0} ms");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        await _redis.StartAsync();

        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "/health to turn 200 once Redis is back");
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/ingest/manual", new { title = "After the kill" }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_Redis_that_became_a_read_only_replica_answers_503_not_500_and_nothing_is_stored_until_it_is_primary_again()
    {
        var client = _factory.CreateClient();
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/ingest/manual", new { title = "Before the failover" }), HttpStatusCode.Created);
        var server = _redis.Connection.GetServers().Single();
        var storedBefore = await server.DatabaseSizeAsync();

        // What a failover does to the node a service still talks to: it follows another primary and refuses writes.
        await server.ExecuteAsync("REPLICAOF", "127.0.0.1", "9");
        var during = await client.PostAsJsonAsync("/ingest/manual", new { title = "During the failover" });

        await HttpAssert.ProblemAsync(during, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(storedBefore, await server.DatabaseSizeAsync());

        await server.ExecuteAsync("REPLICAOF", "NO", "ONE");
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/ingest/manual", new { title = "After the failover" }), HttpStatusCode.Created);
    }

    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> send, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || clock.Elapsed > timeout)
            {
                return response;
            }
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
