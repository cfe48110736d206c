using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [InlineData("GET", "/stats", "X-Foo", "héllo")]
    [InlineData("GET", "/stats", "User-Agent", "Tëst-Agent/1.0")]
    [InlineData("POST", "/ingest/manual", "Idempotency-Key", "ünïcode")]
    [InlineData("POST", "/clusters/c-1/start_fix", "Idempotency-Key", "ünïcode")]
    public async Task A_non_ascii_header_value_reaches_the_backend_as_the_client_sent_it(string method, string path, string header, string value)
    {
        await using var gateway = new GatewayFactory(backend.Url);
        // Kestrel, as in production: the value arrives as UTF-8 bytes, as curl sends it.
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        var address = gateway.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = new Uri(address),
        };
        var unique = $"{path}?n={Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(new HttpMethod(method), unique)
        {
            Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Add("X-Api-Key", GatewayFactory.ApiKey);
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = backend.Received.Single(r => r.PathAndQuery == unique);
        Assert.Equal(value, forwarded.Headers[header]);
    }
}
