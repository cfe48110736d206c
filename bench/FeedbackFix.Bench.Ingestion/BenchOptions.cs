using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>What one run does; every phase is bounded in time.</summary>
internal sealed record BenchOptions(
    int WarmupSeconds = 5,
    int DurationSeconds = 15,
    int Rounds = 3,
    int Connections = 64,
    int Threads = 2,
    int Clusters = 10_000,
    int ClusterConnections = 8,
    bool Build = true,
    string? RepoRoot = null,
    IReadOnlyDictionary<string, string>? ServiceEnvironment = null)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/FeedbackFix.Bench.Ingestion -- [options]
          --warmup S               warm-up seconds before each measured phase (5)
          --duration S             seconds per measured run (15)
          --rounds N               measured runs per target, interleaved; medians are reported (3)
          --connections N          wrk connections for the ingest phases (64)
          --threads N              wrk threads (2)
          --clusters N             clusters stored before GET /clusters is measured (10000)
          --cluster-connections N  wrk connections for GET /clusters (8)
          --no-build               use the services' existing Release build
          --repo PATH              repository root (found from the working directory by default)
          --service-env KEY=VALUE  extra environment for the services and references (repeatable),
                                   e.g. Logging__LogLevel__Default=Warning or OTEL_SDK_DISABLED=true
        """;

    public IReadOnlyDictionary<string, string> Environment => ServiceEnvironment ?? new Dictionary<string, string>();

    /// <summary>How long a started process may live at most, so nothing outlives the run even if this program is killed.</summary>
    public TimeSpan MaxProcessLifetime => TimeSpan.FromSeconds(180 + 6 * WarmupSeconds + 6 * Rounds * DurationSeconds + 180);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var environment = new Dictionary<string, string>();
        var line = new CommandLine(args, Usage);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--warmup" => options with { WarmupSeconds = line.Positive(++i) },
                "--duration" => options with { DurationSeconds = line.Positive(++i) },
                "--rounds" => options with { Rounds = line.Positive(++i) },
                "--connections" => options with { Connections = line.Positive(++i) },
                "--threads" => options with { Threads = line.Positive(++i) },
                "--clusters" => options with { Clusters = line.Positive(++i) },
                "--cluster-connections" => options with { ClusterConnections = line.Positive(++i) },
                "--no-build" => options with { Build = false },
                "--repo" => options with { RepoRoot = line.Value(++i) },
                "--service-env" => line.AddEnvironment(options, environment, ++i),
                _ => throw line.Unknown(i),
            };
        }
        if (options.Threads > Math.Min(options.Connections, options.ClusterConnections))
        {
            throw new ArgumentException("--threads must not exceed the connection counts (wrk needs a connection per thread).");
        }
        return options with { ServiceEnvironment = environment };
    }
}
