using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The problem details the gateway writes itself read like the services' own: snake_case, <c>trace_id</c> included.</summary>
public sealed class GatewayProblemTests(EchoBackend backend) : IClassFixture<EchoBackend>
{
    private const string ReaderKey = "reader-key-0123456789abcdef";

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task A_problem_the_gateway_writes_carries_trace_id_as_the_services_do(HttpStatusCode status)
    {
        await using var gateway = new GatewayFactory(status == HttpStatusCode.BadGateway ? ClosedPortUrl() : backend.Url, new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:reader:Key"] = ReaderKey,
            ["Gateway:ApiKeys:reader:Scope"] = "Read",
        });
        var request = status switch
        {
            HttpStatusCode.Unauthorized => Request(HttpMethod.Get, "/stats", key: null),
            HttpStatusCode.Forbidden => Request(HttpMethod.Post, "/ingest/manual", ReaderKey, "{}"),
            HttpStatusCode.NotFound => Request(HttpMethod.Get, "/nowhere", GatewayFactory.ApiKey),
            HttpStatusCode.RequestEntityTooLarge => Request(HttpMethod.Post, "/ingest/manual", GatewayFactory.ApiKey, new string('x', 256 * 1024 + 1)),
            _ => Request(HttpMethod.Get, "/stats", GatewayFactory.ApiKey),
        };

        var response = await gateway.CreateClient().SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("trace_id").GetString()));
        Assert.False(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task A_service_silent_past_the_routes_activity_timeout_gets_504_problem_details()
    {
        await using var silent = await SilentBackend.StartAsync();
        await using var gateway = new GatewayFactory(silent.Url, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:ingestion:HttpRequest:ActivityTimeout"] = "00:00:00.2",
        });

        var response = await gateway.CreateClient().SendAsync(Request(HttpMethod.Get, "/feedback", GatewayFactory.ApiKey));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(504, problem.RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>A loopback address nothing listens on: every forward to it fails, and the gateway answers 502.</summary>
    private static string ClosedPortUrl()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        return url;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? body = null)
    {
        var request = new HttpRequestMessage(method, $"{path}?n={Guid.NewGuid():N}");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return request;
    }
}
