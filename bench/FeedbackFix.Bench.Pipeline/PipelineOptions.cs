using FeedbackFix.Bench.Processes;

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
    bool HashingOnly = false,
    int Stored = 0,
    int Replicas = 1,
    int ModelDelayMs = 0,
    bool RedisCommands = false,
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
          --hashing-only           skip the raw encoder and the minilm phases (for iterating on the worker's own cost)
          --stored N               each phase: after its run, fill the store to N reports (through the service,
                                   timed apart) and run as many items again, into the large store; both take
                                   the TSV's texts after those written before (repeated once it runs out);
                                   prints the rate at scale against the rate into the small one
          --replicas N             clustering service processes on the one Redis (1): N embedders, one writer
          --model-delay MS         label with a chat model (a loopback fake that answers every call after MS),
                                   to see what a slow model costs clustering; off by default, as in production
          --redis-commands         after each burst, the commands Redis spent its time on during it (INFO commandstats)
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
        var line = new CommandLine(args, Usage);
        for (var i = 1; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--items" => options with { Items = line.Positive(++i) },
                "--hashing-items" => options with { HashingItems = line.Positive(++i) },
                "--reports" => options with { Reports = line.Positive(++i) },
                "--spacing" => options with { ReportSpacingMs = line.Positive(++i) },
                "--clustering-dll" => options with { ClusteringDll = line.Value(++i) },
                "--service-logs" => options with { ServiceLogs = line.Value(++i) },
                "--hashing-only" => options with { HashingOnly = true },
                "--stored" => options with { Stored = line.Positive(++i) },
                "--replicas" => options with { Replicas = line.Positive(++i) },
                "--model-delay" => options with { ModelDelayMs = line.Positive(++i) },
                "--redis-commands" => options with { RedisCommands = true },
                "--service-env" => line.AddEnvironment(options, environment, ++i),
                _ => throw line.Unknown(i),
            };
        }
        return options with { ServiceEnvironment = environment };
    }
}
