using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// The real clustering service in memory, its worker running against a given Redis, with the
/// fast model-free embeddings and short idle times so tests see claims and retries quickly;
/// <paramref name="settings"/> override any of that.
/// </summary>
internal sealed class WorkerHost(string redisConnectionString, string consumerName, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "worker-test-admin-key-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Clustering:AdminKey", AdminKey);
        builder.UseSetting("Clustering:ConsumerName", consumerName);
        builder.UseSetting("Clustering:ClaimIdleAfter", "00:00:00.500");
        builder.UseSetting("Clustering:MaxDeliveries", "3");
        builder.UseSetting("Clustering:RefineEveryItems", "200");
        builder.UseSetting("Clustering:Embedding:Provider", "hashing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the host (and so the worker).</summary>
    public WorkerHost Start()
    {
        _ = Services;
        return this;
    }
}
