using System.Net;
using System.Text;

namespace FeedbackFix.Gateway.Tests;

public sealed class GatewayLimitsTests(EchoBackend backend) : IClassFixture<EchoBackend>
{
    [Fact]
    public async Task A_body_declared_over_the_limit_gets_413_and_is_not_forwarded()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var path = $"/ingest/manual?n={Guid.NewGuid():N}";

        var response = await gateway.CreateClientWithKey().PostAsync(path,
            new StringContent(new string('x', 256 * 1024 + 1), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(backend.Saw(path));
    }

    [Fact]
    public async Task A_body_at_the_limit_is_forwarded_whole()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var path = $"/ingest/manual?n={Guid.NewGuid():N}";

        var response = await gateway.CreateClientWithKey().PostAsync(path,
            new StringContent(new string('x', 256 * 1024), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(256 * 1024, backend.Received.Single(r => r.PathAndQuery == path).BodyLength);
    }

    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_retry_after()
    {
        await using var gateway = new GatewayFactory(backend.Url, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "1",
            ["Gateway:RateLimit:Burst"] = "3",
        });
        var client = gateway.CreateClientWithKey();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/stats")).StatusCode);
        }
        var limited = await client.GetAsync("/stats");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_configured_origin_passes_the_preflight_and_another_does_not()
    {
        await using var gateway = new GatewayFactory(backend.Url);
        var client = gateway.CreateClient();

        var allowed = await client.SendAsync(Preflight("http://dashboard.test"));
        var refused = await client.SendAsync(Preflight("http://evil.test"));

        Assert.Equal("http://dashboard.test", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_an_api_key_configured_the_gateway_refuses_to_start_and_names_the_setting()
    {
        await using var gateway = new GatewayFactory(backend.Url, new Dictionary<string, string?> { ["Gateway:ApiKey"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Gateway:ApiKey", error.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/clusters");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        return request;
    }
}
