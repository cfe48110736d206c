using System.Net;

namespace FeedbackFix.Gateway.Tests;

/// <summary>Which service a path reaches, with each service a fake of its own behind the real gateway.</summary>
public sealed class ServiceRoutingTests
{
    [Theory]
    [InlineData("/clusters/c-1/similar?limit=3", "clustering")]
    [InlineData("/clusters/c-1", "clusters")]
    [InlineData("/clusters/c-1/activity", "clusters")]
    [InlineData("/config/clustering", "clustering")]
    [InlineData("/config/repositories", "ingestion")]
    public async Task A_get_reaches_the_service_that_serves_its_path_and_no_other(string path, string service)
    {
        await using var services = await ProxiedServices.StartAsync();
        await using var gateway = services.Gateway();

        var response = await gateway.CreateClientWithKey().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reached = new Dictionary<string, FakeService>
        {
            ["clusters"] = services.Clusters,
            ["clustering"] = services.Clustering,
            ["ingestion"] = services.Ingestion,
        };
        Assert.Equal([path], reached[service].Forwarded);
        Assert.All(reached.Where(r => r.Key != service), other => Assert.Empty(other.Value.Forwarded));
    }
}
