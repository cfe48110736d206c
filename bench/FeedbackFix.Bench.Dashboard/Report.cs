using System.Globalization;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>The table, the goals of the issue against this run, the command that reproduces it and one key=value line.</summary>
/// <remarks>Numbers are written in the invariant culture: Program sets it for the whole run.</remarks>
internal static class Report
{
    private const double InboxGoalMs = 150;
    private const double InboxGoalRatio = 2;

    public static void Print(IReadOnlyList<HttpResult> results, BrowserResult? browser, BenchOptions options, string[] args, string load)
    {
        Console.WriteLine();
        Console.WriteLine($"| target | rows | KB | p50 ms | p90 ms | p99 ms | errors | CPU µs/request: dashboard / gateway / clusters / redis |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var cpu = string.Join(" / ", r.CpuMicrosPerRequest.Select(us => us.ToString("N0", CultureInfo.InvariantCulture)));
            Console.WriteLine(
                $"| {r.Target.Name} | {(r.Rows > 0 ? r.Rows.ToString(CultureInfo.InvariantCulture) : "")} | {r.Bytes / 1024.0:0.0} | {r.P50:0.00} | {r.P90:0.00} | {r.P99:0.00} | {r.Errors} | {cpu} |");
        }
        Console.WriteLine($"({results[0].Times.Count} sequential requests per target in {options.Rounds} rounds, after {options.WarmUp} warm-up requests; CPU of each server of that target's stack while it ran, idle background included)");

        var small = results[0];
        var large = results[1];
        var ratio = large.P50 / small.P50;
        Console.WriteLine();
        Console.WriteLine(
            $"inbox p50: {large.P50:0.0} ms at {options.LargeClusters:N0} clusters, {small.P50:0.0} ms at {options.SmallClusters:N0}: ratio {ratio:0.00} " +
            $"(goal ≤ {InboxGoalRatio:0}: {(ratio <= InboxGoalRatio ? "met" : "missed")}; under {InboxGoalMs:0} ms: {(large.P50 < InboxGoalMs ? "met" : "missed")})");

        var job = results.FirstOrDefault(r => r.Target.Name.StartsWith("GET /jobs/", StringComparison.Ordinal));
        if (browser is not null)
        {
            Console.WriteLine(
                $"job page in chromium, {browser.Live.Count} loads, medians from the start of navigation: HTML received {BrowserResult.Median(browser.Html):0} ms, first paint (with the log's first lines) {BrowserResult.Median(browser.FirstLine):0} ms, " +
                $"live {BrowserResult.Median(browser.Live):0} ms, all {options.LogLines:N0} lines shown {BrowserResult.Median(browser.AllLines):0} ms (range {browser.AllLines[0]:0}-{browser.AllLines[^1]:0}); " +
                $"jump to the end until the last line shows {BrowserResult.Median(browser.Bottom):0} ms (range {browser.Bottom[0]:0}-{browser.Bottom[^1]:0}), back to the first {BrowserResult.Median(browser.Top):0} ms");
        }
        Console.WriteLine($"load average {load}");
        Console.WriteLine($"reproduce: dotnet run -c Release --project bench/FeedbackFix.Bench.Dashboard{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}");
        Console.WriteLine(
            $"inbox_small_p50_ms={small.P50:0.00} inbox_large_p50_ms={large.P50:0.00} ratio={ratio:0.00} inbox_large_p99_ms={large.P99:0.00} " +
            $"job_p50_ms={(job is null ? "-" : job.P50.ToString("0.00", CultureInfo.InvariantCulture))} " +
            $"job_live_ms={(browser is null ? "-" : BrowserResult.Median(browser.AllLines).ToString("0", CultureInfo.InvariantCulture))} " +
            $"job_bottom_ms={(browser is null ? "-" : BrowserResult.Median(browser.Bottom).ToString("0", CultureInfo.InvariantCulture))}");
    }
}
