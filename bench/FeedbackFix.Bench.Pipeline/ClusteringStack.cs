using System.Globalization;
using System.Security.Cryptography;
using FeedbackFix.Bench.Processes;
using StackExchange.Redis;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>
/// A fresh redis-server (temporary folder, AOF on as in production) and the real clustering
/// service as its own process with one embedding provider (as many replicas as asked: each runs
/// an embedder, and one of them the membership writer), each on a free loopback port; disposing
/// stops them all and deletes the folder.
/// </summary>
internal sealed class ClusteringStack : IAsyncDisposable
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(120);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("feedbackfix-pipeline-").FullName;
    private readonly int _redisPort = FreePort.Next();
    private readonly List<ServiceProcess> _replicas = [];
    private ServiceProcess? _redis;
    private ConnectionMultiplexer? _connection;

    private ClusteringStack(string provider, bool reportsRedisCommands)
    {
        Provider = provider;
        ReportsRedisCommands = reportsRedisCommands;
    }

    public string Provider { get; }

    /// <summary>Whether a burst reports the commands Redis spent its time on (<see cref="RedisCommandStats"/>).</summary>
    public bool ReportsRedisCommands { get; }

    public IConnectionMultiplexer Redis => _connection ?? throw new InvalidOperationException("The stack is not started.");

    /// <summary>CPU time the clustering replicas (together) and Redis have used so far.</summary>
    public (TimeSpan Service, TimeSpan Redis) Cpu =>
        (_replicas.Aggregate(TimeSpan.Zero, (sum, replica) => sum + replica.CpuTime), _redis?.CpuTime ?? TimeSpan.Zero);

    public static async Task<ClusteringStack> StartAsync(string provider, string clusteringDll, PipelineOptions options, CancellationToken cancellationToken)
    {
        var stack = new ClusteringStack(provider, options.RedisCommands);
        try
        {
            await stack.StartBothAsync(clusteringDll, options, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartBothAsync(string clusteringDll, PipelineOptions options, CancellationToken cancellationToken)
    {
        var port = _redisPort.ToString(CultureInfo.InvariantCulture);
        _redis = ServiceProcess.Start("redis", "redis-server",
            ["--port", port, "--bind", "127.0.0.1", "--dir", _dataDirectory, "--appendonly", "yes"],
            new Dictionary<string, string?>(), PipelineOptions.MaxProcessLifetime);
        await _redis.WaitReadyAsync(Probes.Listening(_redisPort), StartWithin, cancellationToken);
        // Admin, for the command statistics (RedisCommandStats).
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");

        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["ConnectionStrings__redis"] = $"127.0.0.1:{port}",
            ["Clustering__AdminKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["Clustering__Embedding__Provider"] = Provider,
        };
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }

        // Run from the build folder, as a deployment would: the content root, and so appsettings.json, is the working directory.
        for (var replica = 1; replica <= options.Replicas; replica++)
        {
            var service = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            if (!options.Environment.ContainsKey("Clustering__ConsumerName"))
            {
                environment["Clustering__ConsumerName"] = $"bench-{replica}";
            }
            var name = options.Replicas == 1 ? $"clustering-{Provider}" : $"clustering-{Provider}-{replica}";
            var process = ServiceProcess.Start($"clustering ({Provider}, replica {replica})", "dotnet", [clusteringDll, "--urls", service.ToString().TrimEnd('/')],
                environment, PipelineOptions.MaxProcessLifetime, Path.GetDirectoryName(clusteringDll),
                options.ServiceLogs is null ? null : Path.Combine(Directory.CreateDirectory(options.ServiceLogs).FullName, $"{name}.log"));
            _replicas.Add(process);
            await process.WaitReadyAsync(Probes.Health(service), StartWithin, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {_dataDirectory}: {e.Message}");
        }
    }
}
