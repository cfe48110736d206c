using FeedbackFix.Bench.Ingestion;
using FeedbackFix.Bench.Processes;

// Ingest throughput and latency through the gateway and directly, each beside its bare reference (a
// bare YARP in front of the same Ingestion; a bare endpoint doing the same Redis writes), then
// GET /clusters latency with many clusters stored; see docs/benchmarks.md. Ends with one key=value
// line for scripts.
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

using var stop = new StopSignal();
try
{
    var repo = Repo.Find(options.RepoRoot);
    if (options.Build)
    {
        await repo.BuildAsync([Repo.Ingestion, Repo.Clusters, Repo.Gateway, Repo.Reference], stop.Token);
    }

    var loadAtStart = MachineLoad.Now();
    await using var stack = await BenchStack.StartAsync(repo, options, stop.Token);
    var firstBurst = await FirstBurst.RunAsync(stack.Gateway, stack.ApiKey, options.Connections, stop.Token);
    Console.WriteLine(firstBurst);
    using var script = new IngestScript(stack.ApiKey);
    var phases = new Phases(new Wrk(options.Threads), stack, options);
    LoadTarget[] ingests =
    [
        LoadTarget.Ingest("POST /ingest/manual via gateway", stack.Gateway, script, options.Connections),
        LoadTarget.Ingest("  reference: via bare YARP", stack.BareProxy, script, options.Connections),
        LoadTarget.Ingest("POST /ingest/manual direct to ingestion", stack.Ingestion, script, options.Connections),
        LoadTarget.Ingest("  reference: bare endpoint", stack.BareEndpoint, script, options.Connections),
    ];
    foreach (var target in ingests)
    {
        await phases.WarmUpAsync(target, stop.Token);
    }
    Console.WriteLine($"seeding {options.Clusters} clusters through ClusterStore...");
    var seed = await ClusterSeeder.SeedAsync(stack.RedisConnection, options.Clusters, stop.Token);
    var listClusters = LoadTarget.ListClusters(stack.Gateway, stack.ApiKey, options.ClusterConnections);
    var listClustersByTrend = LoadTarget.ListClusters(stack.Gateway, stack.ApiKey, options.ClusterConnections, LoadTarget.ClustersByTrendPath);
    await phases.WarmUpAsync(listClusters, stop.Token);
    await phases.WarmUpAsync(listClustersByTrend, stop.Token);
    var results = await phases.MeasureAsync([.. ingests, listClusters, listClustersByTrend], stop.Token);

    Report.Print(new Results(results[0], results[1], results[2], results[3], results[4], results[5], firstBurst), seed,
        $"{loadAtStart} at start, {MachineLoad.Now()} at end");
    return results.All(r => r.Clean) && firstBurst.Failed == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped; every server this run started has been stopped.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or FormatException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 2;
}
