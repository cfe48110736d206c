namespace FeedbackFix.Bench.Ingestion;

/// <summary>What one wrk run reported: throughput, the latency distribution's median and 99th percentile, errors.</summary>
internal sealed record WrkResult(
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    long Requests,
    long Non2xx,
    long SocketErrors)
{
    /// <summary>Every request got a 2xx answer; otherwise the figures measure errors, not the service.</summary>
    public bool Clean => Non2xx == 0 && SocketErrors == 0;
}
