using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The merged document when services fail, recover, or change nothing: 503 rather than part of a document, and a cache.</summary>
public sealed class MergedDocumentAvailabilityTests
{
    /// <summary>A failing service costs each request FetchTimeout at most (the resilience handler would retry for longer).</summary>
    private static readonly Dictionary<string, string?> QuickFetch = new() { ["Gateway:OpenApi:FetchTimeout"] = "00:00:01" };

    [Fact]
    public async Task A_service_answering_with_an_error_makes_the_document_a_503_naming_it_and_once_it_recovers_the_next_call_gets_200()
    {
        await using var services = await ProxiedServices.StartAsync();
        await using var gateway = services.Gateway(QuickFetch);
        var client = gateway.CreateClient();
        services.Clusters.Failing = true;

        var failed = await client.GetAsync("/openapi/v1.json");
        services.Clusters.Failing = false;
        var recovered = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), failed.Headers.RetryAfter?.Delta);
        var detail = JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        // The standard resilience handler retries the 500 until FetchTimeout cuts it short, or gives up first.
        Assert.Matches("clusters: it (answered 500|did not answer successfully within 1 s)", detail);
        Assert.DoesNotContain("ingestion", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.NotNull(JsonNode.Parse(await recovered.Content.ReadAsStringAsync())!["paths"]!["/clusters"]);
    }

    [Fact]
    public async Task A_service_that_is_down_makes_the_document_a_503_and_once_it_is_back_the_next_call_gets_200()
    {
        await using var services = await ProxiedServices.StartAsync();
        await using var gateway = services.Gateway(QuickFetch);
        var client = gateway.CreateClient();
        var clustersUrl = services.Clusters.Url;
        await services.Clusters.DisposeAsync();

        var down = await client.GetAsync("/openapi/v1.json");
        await using var back = await FakeService.StartAsync(ServiceDocuments.Clusters, clustersUrl);
        var up = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Matches("clusters: it (could not be reached|did not answer successfully within 1 s)", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task The_services_documents_are_fetched_once_and_served_from_the_cache_until_it_expires()
    {
        await using var services = await ProxiedServices.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var gateway = services.Gateway(new Dictionary<string, string?> { ["Gateway:OpenApi:CacheDuration"] = "00:10:00" });
        await using var timed = gateway.WithWebHostBuilder(host => host.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = timed.CreateClient();

        var first = await client.GetAsync("/openapi/v1.json");
        clock.Advance(TimeSpan.FromMinutes(9));
        var cached = await client.GetAsync("/openapi/v1.json");
        var askedWhileCached = services.Clusters.DocumentRequests;
        clock.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(1, askedWhileCached);
        Assert.Equal(2, services.Clusters.DocumentRequests);
    }

    [Fact]
    public async Task A_cache_duration_out_of_range_stops_the_gateway_at_start_naming_the_setting()
    {
        await using var services = await ProxiedServices.StartAsync();
        await using var gateway = services.Gateway(new Dictionary<string, string?> { ["Gateway:OpenApi:CacheDuration"] = "00:00:00" });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Gateway:OpenApi:CacheDuration", error.ToString(), StringComparison.Ordinal);
    }
}
