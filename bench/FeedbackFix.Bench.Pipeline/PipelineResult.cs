namespace FeedbackFix.Bench.Pipeline;

/// <summary>One ingested-to-clustered run: items, wall time, the CPU the service and Redis used meanwhile, and the clusters at the end.</summary>
internal sealed record PipelineResult(string Provider, int Items, TimeSpan Elapsed, TimeSpan Written, TimeSpan ServiceCpu, TimeSpan RedisCpu, long Clusters)
{
    public double PerSecond => Items / Elapsed.TotalSeconds;

    public double ServiceMicrosPerItem => ServiceCpu.TotalMicroseconds / Items;

    public double RedisMicrosPerItem => RedisCpu.TotalMicroseconds / Items;

    /// <summary>Cores the service and Redis kept busy on average.</summary>
    public double CoresBusy => (ServiceCpu + RedisCpu) / Elapsed;
}
