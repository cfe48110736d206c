using System.Diagnostics;
using FeedbackFix.Bench.Processes;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Bench.ClusterList;

/// <summary>One query's first page, run one after another: wall time percentiles and Redis's CPU per run.</summary>
internal sealed record QueryTiming(string Name, int Items, double P50Ms, double P95Ms, double MaxMs, double RedisCpuMs)
{
    private const int WarmUp = 5;

    public static async Task<QueryTiming> MeasureAsync(ClusterQuery query, ClusterStore store, ServiceProcess redis, int runs, CancellationToken cancellationToken)
    {
        var items = 0;
        for (var i = 0; i < WarmUp; i++)
        {
            items = (await store.ListAsync(query)).Items.Count;
        }

        var times = new List<double>(runs);
        var cpuBefore = redis.CpuTime;
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            await store.ListAsync(query);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var cpu = (redis.CpuTime - cpuBefore).TotalMilliseconds / runs;
        times.Sort();
        return new QueryTiming(Describe(query), items, times[times.Count / 2], times[(int)(times.Count * 0.95)], times[^1], cpu);
    }

    private static string Describe(ClusterQuery query)
    {
        var parts = new List<string>();
        if (query.Status is { } status)
        {
            parts.Add($"status={status.ToRedis()}");
        }
        if (query.TitleContains is { } q)
        {
            parts.Add($"q={q}");
        }
        if (query.MinSize is { } min)
        {
            parts.Add($"min_size={min}");
        }
        parts.Add($"sort={query.Sort switch
        {
            Contracts.Clusters.ClusterSort.Size => "size",
            Contracts.Clusters.ClusterSort.LastSeen => "last_seen",
            Contracts.Clusters.ClusterSort.Trend => "trend",
            _ => "first_seen",
        }}");
        return "GET /clusters?" + string.Join('&', parts);
    }
}
