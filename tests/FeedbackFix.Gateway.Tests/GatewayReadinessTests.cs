using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The gateway's readiness against a backend whose own readiness the test switches.</summary>
public sealed class GatewayReadinessTests : IAsyncLifetime
{
    private WebApplication _backend = null!;
    private volatile bool _backendReady = true;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _backend = builder.Build();
        _backend.MapGet("/health", () => _backendReady ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        _backend.MapGet("/alive", () => Results.Ok());
        await _backend.StartAsync();
        // No caching, so each probe sees the backend as it is now.
        _gateway = new GatewayFactory(_backend.Urls.Single(), new Dictionary<string, string?> { ["Gateway:BackendHealth:CacheDuration"] = "00:00:00" });
    }

    [Fact]
    public async Task Health_is_unhealthy_while_a_backend_is_unready_and_alive_stays_200()
    {
        var client = _gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        _backendReady = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);

        _backendReady = true;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Health_is_unhealthy_while_a_backend_does_not_answer()
    {
        var client = _gateway.CreateClient();
        await _backend.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }
}
