using System.Globalization;
using System.Net;
using FeedbackFix.Bench.Dashboard;
using FeedbackFix.Bench.Processes;
using FeedbackFix.Contracts.Clusters;

// The dashboard's inbox and job pages against the real services: the server's response time of the
// prerendered HTML with a small and a large store, the API calls behind it, and the job page with a
// long log in a real browser; see docs/benchmarks.md, "Dashboard pages". Ends with one key=value line for scripts.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

// One way to write numbers in the table and the key=value line, whatever the machine's locale.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
using var stop = new StopSignal();
try
{
    var repo = Repo.Find(options.RepoRoot);
    if (options.Build)
    {
        await repo.BuildAsync([Repo.Clusters, Repo.Gateway, Repo.Dashboard], stop.Token);
    }

    var loadAtStart = MachineLoad.Now();
    Console.WriteLine($"load average at start {loadAtStart}; starting two stacks (redis, clusters, gateway, dashboard)...");
    await using var small = await DashboardStack.StartAsync("small", repo, options, stop.Token);
    await using var large = await DashboardStack.StartAsync("large", repo, options, stop.Token);

    Console.WriteLine($"seeding {options.SmallClusters} and {options.LargeClusters} clusters through ClusterStore...");
    var (_, smallReports) = await InboxSeed.SeedAsync(small.Redis, options.SmallClusters, stop.Token);
    var (largeIds, largeReports) = await InboxSeed.SeedAsync(large.Redis, options.LargeClusters, stop.Token);
    Console.WriteLine($"{options.SmallClusters:N0} clusters over {smallReports:N0} reports; {options.LargeClusters:N0} over {largeReports:N0}");
    var fixable = largeIds[Enumerable.Range(0, largeIds.Count).First(i => InboxSeed.StatusOf(i) == ClusterStatus.New)];
    var jobId = await JobSeed.SeedAsync(large.Redis, fixable, options.LogLines);
    Console.WriteLine($"job {jobId}: failed, {options.LogLines} log lines");

    using var http = new HttpTiming();
    var jobPage = new HttpTarget($"GET /jobs/{{id}} ({options.LogLines:N0}-line log)", large, new Uri(large.Dashboard, $"/jobs/{jobId}"), false, "id=\"L1\"");
    var hasJobPage = await http.HasPageAsync(jobPage, stop.Token);
    if (!hasJobPage)
    {
        Console.WriteLine($"the dashboard has no job page yet ({jobPage.Url} answered {(int)HttpStatusCode.NotFound}): the job page is skipped.");
    }

    var targets = Targets.For(small, large, options, jobId, hasJobPage ? jobPage : null);
    await http.CheckAsync(targets, stop.Token, options.SaveAnswers);
    Console.WriteLine($"measuring {targets.Count} targets: {options.WarmUp} warm-up and {options.Requests} measured requests each, in {options.Rounds} rounds...");
    var results = await http.MeasureAsync(targets, options.WarmUp, options.Requests, options.Rounds, stop.Token);

    BrowserResult? browser = null;
    if (hasJobPage && options.Browser)
    {
        // A page goes live only if the dashboard serves its static assets (blazor.web.js), which a build started outside its
        // launch profile may not do: better to fail here than to time a page that never goes live.
        await http.CheckAsync([new HttpTarget("blazor.web.js", large, new Uri(large.Dashboard, "/_framework/blazor.web.js"), false, "Blazor")], stop.Token);
        Console.WriteLine($"job page in chromium: {options.BrowserRuns} loads...");
        browser = await BrowserTiming.MeasureJobPageAsync(options.Chromium, jobPage.Url, options.LogLines, options.BrowserRuns, stop.Token);
    }

    Report.Print(results, browser, options, args, $"{loadAtStart} at start, {MachineLoad.Now()} at end");
    return results.All(r => r.Errors == 0) ? 0 : 1;
}
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped; every server this run started has been stopped.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException
    or Microsoft.Playwright.PlaywrightException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 2;
}
