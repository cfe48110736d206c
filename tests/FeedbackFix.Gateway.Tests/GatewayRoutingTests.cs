using System.Net;
using System.Text;

namespace FeedbackFix.Gateway.Tests;

public sealed class GatewayRoutingTests(EchoBackend backend) : IClassFixture<EchoBackend>
{
    [Theory]
    [InlineData("GET", "/feedback?source=reddit")]
    [InlineData("GET", "/clusters/abc")]
    [InlineData("GET", "/jobs/abc/logs")]
    [InlineData("GET", "/stats")]
    [InlineData("GET", "/config/reddit/subreddits")]
    [InlineData("POST", "/ingest/manual")]
    public async Task Without_a_key_an_api_route_answers_401_and_forwards_nothing(string method, string path)
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var unique = path + (path.Contains('?') ? "&" : "?") + "n=" + Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), unique));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(backend.Saw(unique));
    }

    [Fact]
    public async Task With_the_key_a_request_is_forwarded_with_path_and_query()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var path = $"/feedback?source=reddit&n={Guid.NewGuid():N}";

        var response = await gateway.CreateClientWithKey().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(backend.Saw(path));
    }

    [Fact]
    public async Task A_wrong_key_answers_401()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key-0123456789abc");

        var response = await client.GetAsync("/stats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/ingest/sentry")]
    [InlineData("POST", "/ingest/github")]
    [InlineData("PATCH", "/jobs/job-1")]
    public async Task Webhooks_and_job_reports_pass_without_a_key(string method, string path)
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var unique = $"{path}?n={Guid.NewGuid():N}";

        var response = await gateway.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), unique)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(backend.Saw(unique));
    }

    [Theory]
    [InlineData("GET", "/jobs/job-1")]
    [InlineData("GET", "/ingest/github")]
    [InlineData("PATCH", "/clusters/c-1")]
    public async Task Only_the_exact_anonymous_routes_skip_the_key(string method, string path)
    {
        await using var gateway = new GatewayFactory(backend.Url);

        var response = await gateway.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_answers_without_a_key(string path)
    {
        await using var gateway = new GatewayFactory(backend.Url);

        var response = await gateway.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_trace_context_is_passed_on()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var traceId = Guid.NewGuid().ToString("N");
        var path = $"/stats?n={Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");

        await gateway.CreateClientWithKey().SendAsync(request);

        var forwarded = backend.Received.Single(r => r.PathAndQuery == path);
        Assert.Contains(traceId, forwarded.TraceParent, StringComparison.Ordinal);
    }
}
