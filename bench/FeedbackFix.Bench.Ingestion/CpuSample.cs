namespace FeedbackFix.Bench.Ingestion;

/// <summary>CPU time used so far by each part of the run; the difference of two samples is a phase's share.</summary>
internal sealed record CpuSample(TimeSpan Wrk, TimeSpan Gateway, TimeSpan Ingestion, TimeSpan Clusters, TimeSpan Redis)
{
    public TimeSpan Total => Wrk + Gateway + Ingestion + Clusters + Redis;

    public CpuSample Since(CpuSample earlier) => new(
        Wrk - earlier.Wrk, Gateway - earlier.Gateway, Ingestion - earlier.Ingestion, Clusters - earlier.Clusters, Redis - earlier.Redis);

    public override string ToString() =>
        $"wrk {Wrk.TotalSeconds:0.00}, gateway {Gateway.TotalSeconds:0.00}, ingestion {Ingestion.TotalSeconds:0.00}, " +
        $"clusters {Clusters.TotalSeconds:0.00}, redis {Redis.TotalSeconds:0.00}";

    public CpuSample Plus(CpuSample other) => new(
        Wrk + other.Wrk, Gateway + other.Gateway, Ingestion + other.Ingestion, Clusters + other.Clusters, Redis + other.Redis);
}
