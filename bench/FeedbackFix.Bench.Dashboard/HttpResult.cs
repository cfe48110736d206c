namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// A target's measured requests: wall times in milliseconds, sorted; the answer's size and, for the
/// inbox, the clusters it listed; CPU used meanwhile by each server of its stack, per request.
/// </summary>
internal sealed record HttpResult(HttpTarget Target, IReadOnlyList<double> Times, int Errors, long Bytes, int Rows, IReadOnlyList<double> CpuMicrosPerRequest)
{
    public double P50 => Percentile(0.50);
    public double P90 => Percentile(0.90);
    public double P99 => Percentile(0.99);

    /// <summary>Nearest rank: the smallest time at least that share of the requests did not exceed.</summary>
    private double Percentile(double share) =>
        Times.Count == 0 ? double.NaN : Times[Math.Clamp((int)Math.Ceiling(share * Times.Count) - 1, 0, Times.Count - 1)];
}
