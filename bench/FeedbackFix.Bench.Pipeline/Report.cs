using System.Globalization;
using FeedbackFix.Bench.Processes;

namespace FeedbackFix.Bench.Pipeline;

/// <summary>Prints each phase as it ends, then the summary table and the key=value line.</summary>
internal static class Report
{
    public static PipelineResult Pipeline(PipelineResult r)
    {
        Write($"pipeline {r.Provider}: {r.Items} items in {r.Elapsed.TotalSeconds:F2} s (written in {r.Written.TotalSeconds:F2} s) = {r.PerSecond:F1} items/s; CPU per item: service {r.ServiceMicrosPerItem:F0} µs, redis {r.RedisMicrosPerItem:F0} µs; cores busy {r.CoresBusy:F2}; {r.Clusters} clusters at the end; load {MachineLoad.Now()}");
        return r;
    }

    public static void RedisCommands(string provider, IReadOnlyList<RedisCommandStats.Command> commands)
    {
        var total = commands.Sum(c => c.Microseconds);
        Write($"redis commands {provider}, by time spent in them during the burst ({total / 1000.0:F0} ms in all):");
        foreach (var c in commands.OrderByDescending(c => c.Microseconds).Take(12))
        {
            Write($"  {c.Name,-16} {c.Calls,9} calls {c.Microseconds / 1000.0,8:F1} ms {100.0 * c.Microseconds / Math.Max(1, total),5:F1} % {(double)c.Microseconds / Math.Max(1, c.Calls),8:F1} µs/call");
        }
    }

    public static void AtScale(PipelineResult small, PipelineResult large, int stored) =>
        Write($"at_scale {large.Provider}: {large.Items} items into a store of {stored} reports at {large.PerSecond:F1} items/s = {large.PerSecond / small.PerSecond:F2} x the rate into the small store ({small.PerSecond:F1}); scale_ratio={large.PerSecond / small.PerSecond:F3}");

    public static LatencyResult Latency(LatencyResult r)
    {
        Write($"latency {r.Provider}: {r.Milliseconds.Count} single reports, p50 {r.P50:F0} ms, p90 {r.P90:F0} ms, max {r.Max:F0} ms ({string.Join(' ', r.Milliseconds.Select(ms => ms.ToString("F0", CultureInfo.InvariantCulture)))})");
        return r;
    }

    public static void Summary(double raw, double rawBefore, double rawAfter, PipelineResult minilm, PipelineResult hashing,
        LatencyResult minilmLatency, LatencyResult hashingLatency)
    {
        Console.WriteLine();
        Write($"| measure | items | seconds | per second | service µs/item | redis µs/item | cores busy | clusters at end |");
        Write($"|---|---:|---:|---:|---:|---:|---:|---:|");
        Write($"| raw encoder, sorted batches of 16 (before / after) | | | {rawBefore:F1} / {rawAfter:F1} | | | | |");
        foreach (var r in new[] { minilm, hashing })
        {
            Write($"| ingested to clustered, {r.Provider} | {r.Items} | {r.Elapsed.TotalSeconds:F2} | {r.PerSecond:F1} | {r.ServiceMicrosPerItem:F0} | {r.RedisMicrosPerItem:F0} | {r.CoresBusy:F2} | {r.Clusters} |");
        }
        foreach (var l in new[] { minilmLatency, hashingLatency })
        {
            Write($"| single report to its cluster, {l.Provider} | {l.Milliseconds.Count} | | p50 {l.P50:F0} ms, p90 {l.P90:F0} ms, max {l.Max:F0} ms | | | | |");
        }
        Console.WriteLine();
        Write($"raw_per_s={raw:F1} minilm_pipeline_per_s={minilm.PerSecond:F1} ratio={minilm.PerSecond / raw:F3} hashing_pipeline_per_s={hashing.PerSecond:F0} latency_p50_ms={minilmLatency.P50:F0} latency_max_ms={minilmLatency.Max:F0}");
    }

    private static void Write(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
