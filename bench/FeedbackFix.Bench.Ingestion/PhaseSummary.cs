namespace FeedbackFix.Bench.Ingestion;

/// <summary>A target's measured rounds: medians of the figures, sums of requests, errors and CPU.</summary>
internal sealed record PhaseSummary(string Name, int Connections, IReadOnlyList<PhaseResult> Rounds)
{
    public double RequestsPerSecond => Median(r => r.Wrk.RequestsPerSecond);
    public double P50Ms => Median(r => r.Wrk.P50Ms);
    public double P99Ms => Median(r => r.Wrk.P99Ms);
    public long Requests => Rounds.Sum(r => r.Wrk.Requests);
    public long Errors => Rounds.Sum(r => r.Wrk.Non2xx + r.Wrk.SocketErrors);
    public bool Clean => Errors == 0;

    public CpuSample Cpu => Rounds.Select(r => r.Cpu).Aggregate((a, b) => a.Plus(b));

    /// <summary>Microseconds of CPU per request, for one part of the run.</summary>
    public double MicrosecondsPerRequest(TimeSpan cpu) => Requests == 0 ? 0 : cpu.TotalMicroseconds / Requests;

    /// <summary>Cores the run's own processes kept busy on average; the rest of 2 went to other work on the machine, or idled.</summary>
    public double CoresBusy => Cpu.Total / Rounds.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed);

    private double Median(Func<PhaseResult, double> figure) => Median(Rounds.Select(figure));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
