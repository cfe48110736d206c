using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FeedbackFix.Ingestion.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Ingestion.Tests.Http;

/// <summary>Its own redis-server, since this test stops it.</summary>
public sealed class RedisOutageHttpTests : IAsyncLifetime
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
