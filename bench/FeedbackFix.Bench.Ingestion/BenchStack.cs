using System.Globalization;
using System.Security.Cryptography;
using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>
/// redis-server (AOF on, as in production), Ingestion, Clusters and the gateway, and the two
/// references (a bare YARP in front of the same Ingestion, a bare endpoint doing Ingestion's Redis
/// writes), each on a free loopback port, started from the Release builds; disposing stops all of them.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(90);
    private readonly List<ServiceProcess> _started = [];
    private ServiceProcess? _redis, _ingestion, _clusters, _gateway, _bareProxy, _bareEndpoint;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("feedbackfix-bench-").FullName;

    private BenchStack()
    {
    }

    public string ApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    public int RedisPort { get; } = FreePort.Next();
    public Uri Ingestion { get; } = Loopback(FreePort.Next());
    public Uri Clusters { get; } = Loopback(FreePort.Next());
    public Uri Gateway { get; } = Loopback(FreePort.Next());
    public Uri BareProxy { get; } = Loopback(FreePort.Next());
    public Uri BareEndpoint { get; } = Loopback(FreePort.Next());
    public string RedisConnection => $"127.0.0.1:{RedisPort}";

    public static async Task<BenchStack> StartAsync(Repo repo, BenchOptions options, CancellationToken cancellationToken)
    {
        var stack = new BenchStack();
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
        var redis = _redis = Track(ServiceProcess.Start("redis", "redis-server",
            ["--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dataDirectory, "--appendonly", "yes"],
            new Dictionary<string, string?>(), options.MaxProcessLifetime));
        await redis.WaitReadyAsync(Probes.Listening(RedisPort), StartWithin, cancellationToken);

        var environment = ServiceEnvironment(options);
        var ingestion = _ingestion = Track(StartService(repo, Repo.Ingestion, Ingestion, environment, options));
        var clusters = _clusters = Track(StartService(repo, Repo.Clusters, Clusters, environment, options));
        await Task.WhenAll(
            ingestion.WaitReadyAsync(Probes.Health(Ingestion), StartWithin, cancellationToken),
            clusters.WaitReadyAsync(Probes.Health(Clusters), StartWithin, cancellationToken));

        var gateway = _gateway = Track(StartService(repo, Repo.Gateway, Gateway, environment, options));
        var bareProxy = _bareProxy = Track(StartService(repo, Repo.Reference, BareProxy, environment, options,
            ["proxy", "--destination", Ingestion.ToString()]));
        var bareEndpoint = _bareEndpoint = Track(StartService(repo, Repo.Reference, BareEndpoint, environment, options, ["endpoint"]));
        await Task.WhenAll(
            gateway.WaitReadyAsync(Probes.Alive(Gateway), StartWithin, cancellationToken),
            // The references have no /health: the proxy forwards Ingestion's, the endpoint listens.
            bareProxy.WaitReadyAsync(Probes.Health(BareProxy), StartWithin, cancellationToken),
            bareEndpoint.WaitReadyAsync(Probes.Listening(BareEndpoint.Port), StartWithin, cancellationToken));
    }

    /// <summary>CPU time used so far by wrk (the runs that have ended) and by each server.</summary>
    public CpuSample SampleCpu() => new(
        ProcessCpu.OfEndedChildren(), Cpu(_gateway), Cpu(_ingestion), Cpu(_clusters), Cpu(_redis), Cpu(_bareProxy), Cpu(_bareEndpoint));

    private static TimeSpan Cpu(ServiceProcess? process) => process?.CpuTime ?? TimeSpan.Zero;

    /// <summary>Production settings, discovery entries for the gateway, no OTLP export, a budget wrk cannot exhaust; then the caller's extras.</summary>
    private Dictionary<string, string?> ServiceEnvironment(BenchOptions options)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["ConnectionStrings__redis"] = RedisConnection,
            ["Gateway__ApiKey"] = ApiKey,
            ["services__ingestion__http__0"] = Ingestion.ToString().TrimEnd('/'),
            ["services__clusters__http__0"] = Clusters.ToString().TrimEnd('/'),
            // wrk is one client with one key; the per-client budget is policy, not capacity. A budget it
            // cannot exhaust keeps the limiter's code path in the measurement without 429s.
            ["Gateway__RateLimit__PermitsPerSecond"] = "1000000",
            ["Gateway__RateLimit__Burst"] = "1000000",
        };
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }
        return environment;
    }

    private static ServiceProcess StartService(
        Repo repo, ServiceProject service, Uri url, Dictionary<string, string?> environment, BenchOptions options,
        IEnumerable<string>? arguments = null)
    {
        var dll = repo.Dll(service);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build in Release first (run without --no-build).");
        }
        // Run from the build folder, as a deployment would: the content root, and so appsettings.json, is the working directory.
        return ServiceProcess.Start(service.Name, "dotnet", [dll, .. arguments ?? [], "--urls", url.ToString().TrimEnd('/')], environment,
            options.MaxProcessLifetime, Path.GetDirectoryName(dll));
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _started.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        // The gateway first, Redis last, so nothing logs a storm of connection errors on the way down.
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

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port}");
}
