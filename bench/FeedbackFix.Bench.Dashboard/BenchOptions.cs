using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>What one run does.</summary>
internal sealed record BenchOptions(
    int SmallClusters = 100,
    int LargeClusters = 10_000,
    int Requests = 200,
    int WarmUp = 30,
    int Rounds = 4,
    int LogLines = 10_000,
    int BrowserRuns = 10,
    bool Browser = true,
    bool Build = true,
    string Chromium = "/usr/bin/chromium",
    string? RepoRoot = null,
    string? SaveAnswers = null,
    IReadOnlyDictionary<string, string>? ServiceEnvironment = null)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/FeedbackFix.Bench.Dashboard -- [options]
          --small N                clusters in the small store (100)
          --large N                clusters in the large store (10000)
          --requests N             measured requests per page or API call, sequential (200)
          --warmup N               requests per page or API call before measuring (30)
          --rounds N               the measured requests are split into N rounds, the targets taking turns (4)
          --log-lines N            lines in the job's log (10000)
          --browser-runs N         measured page loads in the browser (10)
          --no-browser             only the server responses
          --chromium PATH          the browser Playwright drives (/usr/bin/chromium)
          --no-build               use the existing Release builds
          --save-answers DIR       write each target's first answer to DIR, to see what a page holds
          --repo PATH              repository root (found from the working directory by default)
          --service-env KEY=VALUE  extra environment for every service (repeatable)
        """;

    public IReadOnlyDictionary<string, string> Environment => ServiceEnvironment ?? new Dictionary<string, string>();

    /// <summary>How long a started process may live at most, so nothing outlives the run even if this program is killed.</summary>
    public static TimeSpan MaxProcessLifetime => TimeSpan.FromMinutes(30);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var environment = new Dictionary<string, string>();
        var line = new CommandLine(args, Usage);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--small" => options with { SmallClusters = line.Positive(++i) },
                "--large" => options with { LargeClusters = line.Positive(++i) },
                "--requests" => options with { Requests = line.Positive(++i) },
                "--warmup" => options with { WarmUp = line.Positive(++i) },
                "--rounds" => options with { Rounds = line.Positive(++i) },
                "--log-lines" => options with { LogLines = line.Positive(++i) },
                "--browser-runs" => options with { BrowserRuns = line.Positive(++i) },
                "--no-browser" => options with { Browser = false },
                "--chromium" => options with { Chromium = line.Value(++i) },
                "--no-build" => options with { Build = false },
                "--save-answers" => options with { SaveAnswers = line.Value(++i) },
                "--repo" => options with { RepoRoot = line.Value(++i) },
                "--service-env" => line.AddEnvironment(options, environment, ++i),
                _ => throw line.Unknown(i),
            };
        }
        return options with { ServiceEnvironment = environment };
    }
}
