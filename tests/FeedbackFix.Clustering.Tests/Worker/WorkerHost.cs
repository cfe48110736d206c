using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// The real clustering service in memory, its worker running against a given Redis, with the
/// fast model-free embeddings and short idle times so tests see claims and retries quickly;
/// <paramref name="settings"/> override any of that, and <see cref="Replacing"/> its services. A service that stopped by itself before the
/// test disposed it (a worker loop died) fails the test on disposal, with what it logged as errors.
/// </summary>
internal sealed class WorkerHost(string redisConnectionString, string consumerName, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "worker-test-admin-key-0123456789";

    private readonly FakeLogCollector _errors = FakeLogCollector.Create(new FakeLogCollectorOptions { FilteredLevels = { LogLevel.Error, LogLevel.Critical } });
    private volatile bool _disposing;
    private volatile bool _stoppedByItself;

    /// <summary>Registrations applied after the service's own, to put a part of the test's in place of one of its.</summary>
    public Action<IServiceCollection>? Replacing { get; init; }

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
        builder.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(_errors)));
        if (Replacing is { } replacing)
        {
            builder.ConfigureTestServices(replacing);
        }
    }

    /// <summary>Whether the service stopped by itself (a worker loop died and stopped the host) while the test ran.</summary>
    public bool StoppedByItself => _stoppedByItself;

    /// <summary>Starts the host (and so the worker).</summary>
    public WorkerHost Start()
    {
        Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _stoppedByItself = !_disposing);
        return this;
    }

    public override async ValueTask DisposeAsync()
    {
        _disposing = true;
        await base.DisposeAsync();
        if (_stoppedByItself)
        {
            var errors = string.Join(Environment.NewLine, _errors.GetSnapshot().Select(r => $"{r.Category}: {r.Message} {r.Exception}"));
            throw new InvalidOperationException($"The clustering service stopped by itself before the test ended. Its errors:{Environment.NewLine}{errors}");
        }
    }
}
