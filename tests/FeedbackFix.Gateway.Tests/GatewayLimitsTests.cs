using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_refused_body_gets_413_and_one_information_line_in_the_log_with_no_stack_trace(bool chunked)
    {
        var logs = new LogCollector();
        await using var gateway = new GatewayFactory(backend.Url) { Logs = logs };
        // Kestrel, as in production: its body-size check is what YARP's forwarder reported with a stack trace.
        // Listening on port 0 through Kestrel's options, not UseKestrel(0): that overload rewrites the
        // server's addresses while the app may already be binding them, and then fails at random.
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        var body = Encoding.UTF8.GetBytes(new string('x', 256 * 1024 + 1));
        HttpContent content = chunked ? new ChunkedContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // The default client's redirect handler buffers a body, which would send it with a Content-Length.
        var client = gateway.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.ApiKey);

        var response = await client.PostAsync($"/ingest/manual?n={Guid.NewGuid():N}", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(logs.Entries, entry => entry.Exception is not null || entry.Level >= LogLevel.Warning);
        var refused = Assert.Single(logs.Entries, entry => entry.Message.Contains("request body", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(LogLevel.Information, refused.Level);
        Assert.Contains("262144", refused.Message);
    }

    [Fact]
    public async Task A_backend_that_cannot_be_reached_is_still_logged_as_a_warning_with_its_exception()
    {
        var logs = new LogCollector();
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var deadUrl = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        await using var gateway = new GatewayFactory(deadUrl) { Logs = logs };

        var response = await gateway.CreateClientWithKey().GetAsync("/stats");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var failure = Assert.Single(logs.Entries, entry => entry.Exception is not null);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Contains("/stats", failure.Message);
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

    /// <summary>A body sent without Content-Length (chunked): its size shows only as it is read.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in body.Chunk(16 * 1024))
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
