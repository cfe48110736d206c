namespace FeedbackFix.Gateway.Tests;

/// <summary>The three proxied services as loopback fakes, each serving its own document.</summary>
public sealed class ProxiedServices : IAsyncLifetime, IAsyncDisposable
{
    public FakeService Ingestion { get; private set; } = null!;
    public FakeService Clusters { get; private set; } = null!;
    public FakeService Clustering { get; private set; } = null!;

    public static async Task<ProxiedServices> StartAsync(string? clustering = null)
    {
        var services = new ProxiedServices();
        await services.StartFakesAsync(clustering ?? ServiceDocuments.Clustering);
        return services;
    }

    public Task InitializeAsync() => StartFakesAsync(ServiceDocuments.Clustering);

    private async Task StartFakesAsync(string clustering)
    {
        Ingestion = await FakeService.StartAsync(ServiceDocuments.Ingestion);
        Clusters = await FakeService.StartAsync(ServiceDocuments.Clusters);
        Clustering = await FakeService.StartAsync(clustering);
    }

    /// <summary>The real gateway, its service-discovery names pointing at these fakes.</summary>
    public GatewayFactory Gateway(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["services:clusters:http:0"] = Clusters.Url,
            ["services:clustering:http:0"] = Clustering.Url,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return new GatewayFactory(Ingestion.Url, all);
    }

    public async Task DisposeAsync()
    {
        await Ingestion.DisposeAsync();
        await Clusters.DisposeAsync();
        await Clustering.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
