using System.Net;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class GatewayTests(AppHostFixture system)
{
    [Theory]
    [InlineData("GET", "/feedback")]
    [InlineData("GET", "/clusters")]
    [InlineData("GET", "/jobs")]
    [InlineData("GET", "/stats")]
    [InlineData("POST", "/ingest/manual")]
    [InlineData("GET", "/config/reddit/subreddits")]
    public async Task A_request_without_the_api_key_gets_401_problem_details(string method, string path)
    {
        var response = await system.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? Json.Body(new { title = "x" }) : null,
        });

        var body = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_gets_401_and_stores_nothing()
    {
        var title = Json.Unique("should not be stored");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/manual") { Content = Json.Body(new { title }) };
        request.Headers.Add("X-Api-Key", "not-the-key-0123456789");

        var response = await system.Anonymous.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var page = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=manual&limit=200"));
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), item => item.Str("title") == title);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_without_a_key(string path)
    {
        var response = await system.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/ingest/sentry")]
    [InlineData("/ingest/github")]
    public async Task Webhook_paths_pass_the_gateway_without_a_key(string path)
    {
        var response = await system.Anonymous.PostAsync(path, Json.Body("{}"));

        // Ingestion refuses the unsigned delivery itself; the gateway asked for no API key.
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("X-Api-Key", problem, StringComparison.Ordinal);
        Assert.Contains("signature", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_job_report_passes_the_gateway_without_a_key_and_is_checked_by_its_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/jobs/some-job") { Content = Json.Body(new { status = "running" }) };

        var response = await system.Anonymous.SendAsync(request);

        var body = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("X-Api-Key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_256_KiB_gets_413()
    {
        var huge = new string('a', 300 * 1024);

        var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title = "big", body = huge }));

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_configured_dashboard_origin_passes_the_CORS_preflight()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/clusters");
        request.Headers.Add("Origin", "http://localhost:5173");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");

        var response = await system.Anonymous.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_callers_trace_context_reaches_the_feedback_stream()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/manual")
        {
            Content = Json.Body(new { title = Json.Unique("Trace me") }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");

        var response = await system.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await Json.ReadAsync(response)).Str("id");
        var entries = await system.Redis.StreamRangeAsync("stream:feedback", "-", "+", count: null, messageOrder: StackExchange.Redis.Order.Descending);
        var entry = entries.First(e => e["id"] == id);
        Assert.Contains(traceId, entry["traceparent"].ToString(), StringComparison.Ordinal);
    }
}
