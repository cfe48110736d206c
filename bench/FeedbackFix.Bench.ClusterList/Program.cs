using System.Globalization;
using FeedbackFix.Bench.ClusterList;
using FeedbackFix.Bench.Processes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using StackExchange.Redis;

// GET /clusters's store work with many clusters stored (filters, sorts including trend, the title search), GET
// /clusters/{id}/similar's search over their centroids, and the cost of a membership commit that must find a large cluster's first or last report again; see
// docs/benchmarks.md, "Cluster lists and counts". Ends with one key=value line for scripts.
const string Usage = "usage: dotnet run -c Release --project bench/FeedbackFix.Bench.ClusterList [--clusters 10000] [--runs 50] [--members 10000] [--dimension 384]";
var clusters = 10_000;
var dimension = 384;
var runs = 50;
var members = 10_000;
var line = new CommandLine(args, Usage);
try
{
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--clusters": clusters = line.Positive(++i); break;
            case "--runs": runs = line.Positive(++i); break;
            case "--members": members = line.Positive(++i); break;
            case "--dimension": dimension = line.Positive(++i); break;
            case "--help" or "-h": Console.WriteLine(Usage); return 0;
            default: throw line.Unknown(i);
        }
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}

using var stop = new StopSignal();
var port = FreePort.Next();
var data = Directory.CreateTempSubdirectory("feedbackfix-bench-list-").FullName;
await using var redisServer = ServiceProcess.Start("redis", "redis-server",
    ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes"],
    new Dictionary<string, string?>(), TimeSpan.FromHours(1));
await redisServer.WaitReadyAsync(Probes.Listening(port), TimeSpan.FromSeconds(30), stop.Token);
await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},syncTimeout=30000,asyncTimeout=30000");

Console.WriteLine($"load average at start {MachineLoad.Now()}");
var seeded = await ListSeed.SeedAsync(redis, clusters, stop.Token);
Console.WriteLine($"seeded {seeded.Clusters} clusters over {seeded.Items} reports in {seeded.Elapsed.TotalSeconds:0.0} s");

var store = new ClusterStore(redis, new FeedbackStore(redis, TimeProvider.System), new SeedClock());
ClusterQuery[] queries =
[
    new(),
    new(Sort: ClusterSort.LastSeen),
    new(ClusterStatus.New, Sort: ClusterSort.LastSeen),
    new(MinSize: 2),
    new(MinSize: 2, Sort: ClusterSort.LastSeen),
    new(TitleContains: ListSeed.CommonWord),
    new(TitleContains: ListSeed.RareWord),
    new(TitleContains: "no title has this"),
    new(ClusterStatus.New, ListSeed.RareWord, 2, ClusterSort.LastSeen),
    new(Sort: ClusterSort.Trend),
    new(ClusterStatus.New, Sort: ClusterSort.Trend),
    new(ClusterStatus.Fixed, Sort: ClusterSort.Trend),
    new(MinSize: 2, Sort: ClusterSort.Trend),
    new(Sort: ClusterSort.FirstSeen),
];
Console.WriteLine($"{"query (limit 50)",-58} {"items",5} {"p50 ms",7} {"p95 ms",7} {"max ms",7} {"redis cpu ms",12}");
var results = new List<QueryTiming>();
foreach (var query in queries)
{
    var timing = await QueryTiming.MeasureAsync(query, store, redisServer, runs, stop.Token);
    results.Add(timing);
    Console.WriteLine($"{timing.Name,-58} {timing.Items,5} {timing.P50Ms,7:0.00} {timing.P95Ms,7:0.00} {timing.MaxMs,7:0.00} {timing.RedisCpuMs,12:0.00}");
}

// A cursor deep in a band of equal sizes (most clusters hold one report): where a page starts
// after many ties.
foreach (var (rank, name) in new[] { (5_000L, "sort=size"), (2_000L, "sort=size&min_size=2"), (5_000L, "sort=trend") })
{
    var trend = name == "sort=trend";
    var index = trend ? FeedbackFix.Domain.Redis.RedisKeys.ClustersByTrend : FeedbackFix.Domain.Redis.RedisKeys.ClustersBySize;
    var entry = (await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(index, rank, rank, Order.Descending))[0];
    var query = new ClusterQuery(MinSize: name.Contains("min_size", StringComparison.Ordinal) ? 2 : null,
        Sort: trend ? ClusterSort.Trend : ClusterSort.Size, After: new PageCursor(entry.Score, entry.Element.ToString()));
    var deep = await QueryTiming.MeasureAsync(query, store, redisServer, runs, stop.Token);
    results.Add(deep);
    var at = trend ? FormattableString.Invariant($"trend key {entry.Score:0.00}") : $"size {entry.Score}";
    Console.WriteLine($"{$"GET /clusters?{name}, the page after rank {rank} ({at})",-58} {deep.Items,5} {deep.P50Ms,7:0.00} {deep.P95Ms,7:0.00} {deep.MaxMs,7:0.00} {deep.RedisCpuMs,12:0.00}");
}

var similar = await SimilarTiming.MeasureAsync(redis, dimension, runs, stop.Token);
Console.WriteLine($"GET /clusters/{{id}}/similar?limit=8 over {similar.Clusters} centroids of {dimension}: a first request (every centroid read) " +
    $"p50 {similar.FirstP50Ms:0.00} ms; from the snapshot p50 {similar.ReusedP50Ms:0.00} ms, p95 {similar.ReusedP95Ms:0.00} ms");

var commits = await CommitTiming.MeasureAsync(redis, members, Math.Max(runs / 2, 5), stop.Token);
Console.WriteLine($"membership commit moving one report out of a cluster of {members}: keeps its range p50 {commits.InsideP50Ms:0.00} ms; " +
    $"takes its latest report (range found again) p50 {commits.EndP50Ms:0.00} ms");
Console.WriteLine($"load average at end {MachineLoad.Now()}");

var rare = results[6];
var none = results[7];
var byTrend = results[9];
Console.WriteLine(FormattableString.Invariant(
    $"clusters={clusters} q_rare_p50_ms={rare.P50Ms:0.00} q_none_p50_ms={none.P50Ms:0.00} q_none_redis_cpu_ms={none.RedisCpuMs:0.00} default_p50_ms={results[0].P50Ms:0.00} deep_page_p50_ms={results[^3].P50Ms:0.00} trend_p50_ms={byTrend.P50Ms:0.00} trend_deep_page_p50_ms={results[^1].P50Ms:0.00} range_commit_p50_ms={commits.EndP50Ms:0.00} plain_commit_p50_ms={commits.InsideP50Ms:0.00} similar_first_p50_ms={similar.FirstP50Ms:0.00} similar_p50_ms={similar.ReusedP50Ms:0.00}"));
return 0;
