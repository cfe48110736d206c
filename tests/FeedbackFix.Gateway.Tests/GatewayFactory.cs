using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.Gateway.Tests;

/// <summary>The real gateway in memory, its service-discovery names pointing at an <see cref="EchoBackend"/>.</summary>
public sealed class GatewayFactory(
    string backendUrl, IDictionary<string, string?>? settings = null, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    public const string ApiKey = "gateway-test-key-0123456789";

    /// <summary>Where the gateway's log entries go besides its usual providers, when a test reads them.</summary>
    public LogCollector? Logs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("services:ingestion:http:0", backendUrl);
        builder.UseSetting("services:clusters:http:0", backendUrl);
        builder.UseSetting("services:clustering:http:0", backendUrl);
        builder.UseSetting("Gateway:ApiKey", ApiKey);
        builder.UseSetting("Gateway:CorsOrigins:0", "http://dashboard.test");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (Logs is { } logs)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
        configure?.Invoke(builder);
    }

    public HttpClient CreateClientWithKey(string key = ApiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
