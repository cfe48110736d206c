using System.Globalization;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>What one run does.</summary>
internal sealed record PipelineOptions(
    string DatasetPath,
    int Items = int.MaxValue,
    int HashingItems = 9_000,
    int Reports = 20,
    int ReportSpacingMs = 300,
    string? ClusteringDll = null,
    string? ServiceLogs = null,
    IReadOnlyDictionary<string, string>? ServiceEnvironment = null)
{
    public const string Usage = """
        Usage: dotnet FeedbackFix.Bench.Pipeline.dll <text<TAB>label TSV> [options]
          --items N                texts for the raw encoder and the minilm run (all in the TSV)
          --hashing-items N        items for the hashing run: every text of the TSV, repeated as needed (9000)
          --reports N              single reports in each latency phase (20)
          --spacing MS             pause after each single report is clustered (300)
          --clustering-dll PATH    the built FeedbackFix.Clustering.dll (found next to this build by default)
          --service-logs DIR       write each clustering service's output to DIR/clustering-<provider>.log
          --service-env KEY=VALUE  extra environment for the clustering service (repeatable),
                                   e.g. Clustering__BatchSize=256
        """;

    public IReadOnlyDictionary<string, string> Environment => ServiceEnvironment ?? new Dictionary<string, string>();

    /// <summary>How long a started server may live at most, so nothing outlives the run even if this program is killed.</summary>
    public static TimeSpan MaxProcessLifetime => TimeSpan.FromMinutes(15);

    public static PipelineOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(Usage);
        }

        var options = new PipelineOptions(args[0]);
        var environment = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--items" => options with { Items = Positive(args, ++i) },
                "--hashing-items" => options with { HashingItems = Positive(args, ++i) },
                "--reports" => options with { Reports = Positive(args, ++i) },
                "--spacing" => options with { ReportSpacingMs = Positive(args, ++i) },
                "--clustering-dll" => options with { ClusteringDll = Value(args, ++i) },
                "--service-logs" => options with { ServiceLogs = Value(args, ++i) },
                "--service-env" => AddEnvironment(options, environment, Value(args, ++i)),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }
        return options with { ServiceEnvironment = environment };
    }

    private static PipelineOptions AddEnvironment(PipelineOptions options, Dictionary<string, string> environment, string pair)
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
