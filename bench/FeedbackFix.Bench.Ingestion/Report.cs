using System.Globalization;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>The tables for people, the comparisons with the references and their goals, and the one key=value line for scripts.</summary>
internal static class Report
{
    public static void Print(Results results, SeedResult seed, string load)
    {
        var phases = results.All;
        Console.WriteLine();
        Console.WriteLine($"medians of {results.Gateway.Rounds.Count} rounds");
        Console.WriteLine($"{"phase",-42} {"conns",5} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"requests",9} {"errors",7}");
        foreach (var phase in phases)
        {
            Console.WriteLine($"{phase.Name,-42} {phase.Connections,5} {phase.RequestsPerSecond,9:0} {phase.P50Ms,8:0.00} {phase.P99Ms,8:0.00} {phase.Requests,9} {phase.Errors,7}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"CPU per request (us), all rounds",-42} {"wrk",6} {"gateway",8} {"ingest",7} {"clusters",8} {"redis",6} {"bare px",7} {"bare ep",7} {"all",6} {"cores busy",10}");
        foreach (var phase in phases)
        {
            var cpu = phase.Cpu;
            Console.WriteLine($"{phase.Name,-42} {phase.MicrosecondsPerRequest(cpu.Wrk),6:0} {phase.MicrosecondsPerRequest(cpu.Gateway),8:0} " +
                $"{phase.MicrosecondsPerRequest(cpu.Ingestion),7:0} {phase.MicrosecondsPerRequest(cpu.Clusters),8:0} " +
                $"{phase.MicrosecondsPerRequest(cpu.Redis),6:0} {phase.MicrosecondsPerRequest(cpu.BareProxy),7:0} " +
                $"{phase.MicrosecondsPerRequest(cpu.BareEndpoint),7:0} {phase.MicrosecondsPerRequest(cpu.Total),6:0} {phase.CoresBusy,10:0.00}");
        }
        Console.WriteLine($"{seed.Clusters} clusters seeded in {seed.Elapsed.TotalSeconds:0.0} s; {seed.FeedbackItems} feedback items stored by the warm-ups before that");
        Console.WriteLine($"1-minute load average: {load} ({Environment.ProcessorCount} cores)");
        Console.WriteLine(results.FirstBurst);

        var gateway = results.GatewayAgainstBareProxy;
        var service = results.IngestionAgainstBareEndpoint;
        Console.WriteLine();
        Console.WriteLine("against the references (medians of the rounds' ratios):");
        Console.WriteLine($"  gateway / bare YARP:          throughput {gateway.Throughput:0.00}, p99 {gateway.P99:0.00}");
        Console.WriteLine($"  ingestion / bare endpoint:    throughput {service.Throughput:0.00}, p99 {service.P99:0.00}");
        Goal("gateway throughput >= 0.8x a bare YARP's", gateway.Throughput >= 0.8);
        Goal("gateway p99 <= 1.5x a bare YARP's", gateway.P99 <= 1.5);
        Goal("GET /clusters?limit=50 p50 <= 10 ms", results.Clusters.P50Ms <= 10);
        Goal("GET /clusters?limit=50&sort=trend p50 <= 20 ms", results.ClustersByTrend.P50Ms <= 20);
        Console.WriteLine();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway_rps={results.Gateway.RequestsPerSecond:0} bare_proxy_rps={results.BareProxy.RequestsPerSecond:0} " +
            $"direct_rps={results.Direct.RequestsPerSecond:0} bare_endpoint_rps={results.BareEndpoint.RequestsPerSecond:0} " +
            $"gateway_p99_ms={results.Gateway.P99Ms:0.00} bare_proxy_p99_ms={results.BareProxy.P99Ms:0.00} " +
            $"direct_p99_ms={results.Direct.P99Ms:0.00} bare_endpoint_p99_ms={results.BareEndpoint.P99Ms:0.00} " +
            $"gateway_vs_bare_rps={gateway.Throughput:0.00} gateway_vs_bare_p99={gateway.P99:0.00} " +
            $"ingestion_vs_bare_rps={service.Throughput:0.00} ingestion_vs_bare_p99={service.P99:0.00} " +
            $"clusters_p50_ms={results.Clusters.P50Ms:0.00} clusters_p99_ms={results.Clusters.P99Ms:0.00} " +
            $"trend_p50_ms={results.ClustersByTrend.P50Ms:0.00} trend_p99_ms={results.ClustersByTrend.P99Ms:0.00} " +
            $"first_burst_p99_ms={results.FirstBurst.Percentile(99):0.0}"));
    }

    private static void Goal(string what, bool met) => Console.WriteLine($"  {(met ? "met " : "MISS")}  {what}");
}
