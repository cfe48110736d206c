namespace FeedbackFix.Bench.Ingestion;

/// <summary>Every measured phase of a run, the first burst, and the two comparisons with the bare references.</summary>
internal sealed record Results(
    PhaseSummary Gateway, PhaseSummary BareProxy, PhaseSummary Direct, PhaseSummary BareEndpoint, PhaseSummary Clusters,
    PhaseSummary ClustersByTrend, FirstBurst FirstBurst)
{
    public IReadOnlyList<PhaseSummary> All => [Gateway, BareProxy, Direct, BareEndpoint, Clusters, ClustersByTrend];

    /// <summary>The gateway's own cost: the project's gateway against a bare YARP in front of the same Ingestion.</summary>
    public Comparison GatewayAgainstBareProxy => new(Gateway, BareProxy);

    /// <summary>The service's own cost: the project's Ingestion against a bare endpoint doing the same Redis writes.</summary>
    public Comparison IngestionAgainstBareEndpoint => new(Direct, BareEndpoint);
}

/// <summary>
/// A phase against its reference, round by round (the two ran within seconds of each other, so
/// the machine's drift touches both alike), then the median of the rounds' ratios.
/// </summary>
internal sealed record Comparison(PhaseSummary Measured, PhaseSummary Reference)
{
    /// <summary>Measured throughput over the reference's: 1 is as fast, below 1 slower.</summary>
    public double Throughput => MedianRatio(r => r.Wrk.RequestsPerSecond);

    /// <summary>Measured p99 over the reference's: 1 is as short a tail, above 1 longer.</summary>
    public double P99 => MedianRatio(r => r.Wrk.P99Ms);

    private double MedianRatio(Func<PhaseResult, double> figure) =>
        PhaseSummary.Median(Measured.Rounds.Zip(Reference.Rounds, (m, r) => figure(m) / figure(r)));
}
