using System.Globalization;

namespace FeedbackFix.Bench.Ingestion;

/// <summary>The tables for people, the targets of issue 2, and the one key=value line for scripts.</summary>
internal static class Report
{
    public static void Print(PhaseSummary gateway, PhaseSummary direct, PhaseSummary clusters, SeedResult seed, string load)
    {
        PhaseSummary[] phases = [gateway, direct, clusters];
        var ratio = gateway.RequestsPerSecond / direct.RequestsPerSecond;

        Console.WriteLine();
        Console.WriteLine($"medians of {gateway.Rounds.Count} rounds");
        Console.WriteLine($"{"phase",-42} {"conns",5} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"requests",9} {"errors",7}");
        foreach (var phase in phases)
        {
            Console.WriteLine($"{phase.Name,-42} {phase.Connections,5} {phase.RequestsPerSecond,9:0} {phase.P50Ms,8:0.00} {phase.P99Ms,8:0.00} {phase.Requests,9} {phase.Errors,7}");
        }
        Console.WriteLine($"gateway/direct throughput ratio: {ratio:0.00}");

        Console.WriteLine();
        Console.WriteLine($"{"CPU per request (us), all rounds",-42} {"wrk",6} {"gateway",8} {"ingest",7} {"clusters",8} {"redis",6} {"all",6} {"cores busy",10}");
        foreach (var phase in phases)
        {
            var cpu = phase.Cpu;
            Console.WriteLine($"{phase.Name,-42} {phase.MicrosecondsPerRequest(cpu.Wrk),6:0} {phase.MicrosecondsPerRequest(cpu.Gateway),8:0} " +
                $"{phase.MicrosecondsPerRequest(cpu.Ingestion),7:0} {phase.MicrosecondsPerRequest(cpu.Clusters),8:0} " +
                $"{phase.MicrosecondsPerRequest(cpu.Redis),6:0} {phase.MicrosecondsPerRequest(cpu.Total),6:0} {phase.CoresBusy,10:0.00}");
        }
        Console.WriteLine($"{seed.Clusters} clusters seeded in {seed.Elapsed.TotalSeconds:0.0} s; {seed.FeedbackItems} feedback items stored by the warm-ups before that");
        Console.WriteLine($"1-minute load average: {load} ({Environment.ProcessorCount} cores)");

        Console.WriteLine();
        Console.WriteLine("targets (issue 2):");
        Target(">= 5,000 ingests/s through the gateway", gateway.RequestsPerSecond >= 5_000);
        Target("gateway p99 <= 30 ms", gateway.P99Ms <= 30);
        Target(">= 8,000 ingests/s directly", direct.RequestsPerSecond >= 8_000);
        Target("GET /clusters?limit=50 p50 <= 10 ms", clusters.P50Ms <= 10);
        Console.WriteLine();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gateway_rps={gateway.RequestsPerSecond:0} direct_rps={direct.RequestsPerSecond:0} ratio={ratio:0.00} " +
            $"gateway_p50_ms={gateway.P50Ms:0.00} gateway_p99_ms={gateway.P99Ms:0.00} direct_p99_ms={direct.P99Ms:0.00} " +
            $"clusters_p50_ms={clusters.P50Ms:0.00} clusters_p99_ms={clusters.P99Ms:0.00}"));
    }

    private static void Target(string what, bool met) => Console.WriteLine($"  {(met ? "met " : "MISS")}  {what}");
}
