using System.Globalization;

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
          --service-env KEY=VALUE  extra environment for the three services (repeatable),
                                   e.g. Logging__LogLevel__Default=Warning or OTEL_SDK_DISABLED=true
        """;

    public IReadOnlyDictionary<string, string> Environment => ServiceEnvironment ?? new Dictionary<string, string>();

    /// <summary>How long a started process may live at most, so nothing outlives the run even if this program is killed.</summary>
    public TimeSpan MaxProcessLifetime => TimeSpan.FromSeconds(180 + 3 * WarmupSeconds + 3 * Rounds * DurationSeconds + 180);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var environment = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--warmup" => options with { WarmupSeconds = Positive(args, ++i) },
                "--duration" => options with { DurationSeconds = Positive(args, ++i) },
                "--rounds" => options with { Rounds = Positive(args, ++i) },
                "--connections" => options with { Connections = Positive(args, ++i) },
                "--threads" => options with { Threads = Positive(args, ++i) },
                "--clusters" => options with { Clusters = Positive(args, ++i) },
                "--cluster-connections" => options with { ClusterConnections = Positive(args, ++i) },
                "--no-build" => options with { Build = false },
                "--repo" => options with { RepoRoot = Value(args, ++i) },
                "--service-env" => AddEnvironment(options, environment, Value(args, ++i)),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }
        if (options.Threads > Math.Min(options.Connections, options.ClusterConnections))
        {
            throw new ArgumentException("--threads must not exceed the connection counts (wrk needs a connection per thread).");
        }
        return options with { ServiceEnvironment = environment };
    }

    private static BenchOptions AddEnvironment(BenchOptions options, Dictionary<string, string> environment, string pair)
    {
        var split = pair.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new ArgumentException($"--service-env expects KEY=VALUE, got '{pair}'.");
        }
        environment[pair[..split]] = pair[(split + 1)..];
        return options;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value.\n{Usage}");

    private static int Positive(string[] args, int i) =>
        int.TryParse(Value(args, i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Option '{args[i - 1]}' needs a positive whole number, got '{args[i]}'.");
}
