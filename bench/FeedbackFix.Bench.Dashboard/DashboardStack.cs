using System.Globalization;
using System.Security.Cryptography;
using FeedbackFix.Bench.Processes;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// redis-server, Clusters, the gateway and the dashboard, each on a free loopback port and started
/// from the Release builds: the path a dashboard page's API calls take in production. Disposing
/// stops all of them and deletes Redis's folder.
/// </summary>
internal sealed class DashboardStack : IAsyncDisposable
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(120);
    private readonly List<ServiceProcess> _started = [];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("feedbackfix-bench-dashboard-").FullName;
    private ConnectionMultiplexer? _redis;

    private DashboardStack(string name)
    {
        Name = name;
    }

    public string Name { get; }
    public string ApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    public int RedisPort { get; } = FreePort.Next();
    public Uri Clusters { get; } = Loopback(FreePort.Next());
    public Uri Gateway { get; } = Loopback(FreePort.Next());
    public Uri Dashboard { get; } = Loopback(FreePort.Next());
    public IConnectionMultiplexer Redis => _redis ?? throw new InvalidOperationException("Redis is not connected.");

    public static async Task<DashboardStack> StartAsync(string name, Repo repo, BenchOptions options, CancellationToken cancellationToken)
    {
        var stack = new DashboardStack(name);
        try
        {
            await stack.StartAllAsync(repo, options, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(Repo repo, BenchOptions options, CancellationToken cancellationToken)
    {
        // The AppHost's local mode: AOF on, no RDB snapshots.
        var redis = Track(ServiceProcess.Start($"{Name} redis", "redis-server",
            ["--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dataDirectory, "--appendonly", "yes", "--save", ""],
            new Dictionary<string, string?>(), BenchOptions.MaxProcessLifetime));
        await redis.WaitReadyAsync(Probes.Listening(RedisPort), StartWithin, cancellationToken);
        _redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisPort},syncTimeout=30000,asyncTimeout=30000");

        var services = ServiceEnvironment(options, production: true);
        var clusters = Track(StartService(repo, Repo.Clusters, Clusters, services));
        await clusters.WaitReadyAsync(Probes.Health(Clusters), StartWithin, cancellationToken);
        var gateway = Track(StartService(repo, Repo.Gateway, Gateway, services));
        await gateway.WaitReadyAsync(Probes.Alive(Gateway), StartWithin, cancellationToken);

        // Development: the one environment where the dashboard starts without an OpenID Connect provider.
        var dashboard = Track(StartService(repo, Repo.Dashboard, Dashboard, ServiceEnvironment(options, production: false)));
        await dashboard.WaitReadyAsync(Probes.Health(Dashboard), StartWithin, cancellationToken);
    }

    /// <summary>CPU time each server has used so far: dashboard, gateway, clusters, redis.</summary>
    public IReadOnlyList<TimeSpan> SampleCpu() => [.. _started.AsEnumerable().Reverse().Select(process => process.CpuTime)];

    private Dictionary<string, string?> ServiceEnvironment(BenchOptions options, bool production)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = production ? "Production" : "Development",
            ["DOTNET_ENVIRONMENT"] = production ? "Production" : "Development",
            ["ASPNETCORE_URLS"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["ConnectionStrings__redis"] = $"127.0.0.1:{RedisPort}",
            ["Gateway__ApiKey"] = ApiKey,
            ["services__clusters__http__0"] = Text(Clusters),
            // One dashboard is one client with one key; the per-client budget is policy, not capacity.
            // A budget the run cannot exhaust keeps the limiter's code path without 429s.
            ["Gateway__RateLimit__PermitsPerSecond"] = "1000000",
            ["Gateway__RateLimit__Burst"] = "1000000",
            ["Dashboard__GatewayUrl"] = Text(Gateway),
            ["Dashboard__ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }
        return environment;
    }

    private ServiceProcess StartService(Repo repo, ServiceProject service, Uri url, Dictionary<string, string?> environment)
    {
        var dll = repo.Dll(service);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build in Release first (run without --no-build).");
        }
        // Run from the build folder, as a deployment would: the content root, and so appsettings.json, is the working directory.
        return ServiceProcess.Start($"{Name} {service.Name}", "dotnet", [dll, "--urls", Text(url)], environment,
            BenchOptions.MaxProcessLifetime, Path.GetDirectoryName(dll));
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _started.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
            _redis = null;
        }
        // The dashboard first, Redis last, so nothing logs a storm of connection errors on the way down.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
        _started.Clear();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {_dataDirectory}: {e.Message}");
        }
    }

    private static string Text(Uri url) => url.ToString().TrimEnd('/');

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port}");
}
