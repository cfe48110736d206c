namespace FeedbackFix.Bench.Ingestion;

/// <summary>CPU time used so far by each part of the run; the difference of two samples is a phase's share.</summary>
internal sealed record CpuSample(
    TimeSpan Wrk, TimeSpan Gateway, TimeSpan Ingestion, TimeSpan Clusters, TimeSpan Redis, TimeSpan BareProxy, TimeSpan BareEndpoint)
{
    public TimeSpan Total => Wrk + Gateway + Ingestion + Clusters + Redis + BareProxy + BareEndpoint;

    public CpuSample Since(CpuSample earlier) => new(
        Wrk - earlier.Wrk, Gateway - earlier.Gateway, Ingestion - earlier.Ingestion, Clusters - earlier.Clusters, Redis - earlier.Redis,
        BareProxy - earlier.BareProxy, BareEndpoint - earlier.BareEndpoint);

    public override string ToString() =>
        $"wrk {Wrk.TotalSeconds:0.00}, gateway {Gateway.TotalSeconds:0.00}, ingestion {Ingestion.TotalSeconds:0.00}, " +
        $"clusters {Clusters.TotalSeconds:0.00}, redis {Redis.TotalSeconds:0.00}, bare proxy {BareProxy.TotalSeconds:0.00}, " +
        $"bare endpoint {BareEndpoint.TotalSeconds:0.00}";

    public CpuSample Plus(CpuSample other) => new(
        Wrk + other.Wrk, Gateway + other.Gateway, Ingestion + other.Ingestion, Clusters + other.Clusters, Redis + other.Redis,
        BareProxy + other.BareProxy, BareEndpoint + other.BareEndpoint);
}
