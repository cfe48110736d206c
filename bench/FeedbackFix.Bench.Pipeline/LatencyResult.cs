namespace FeedbackFix.Bench.Pipeline;

/// <summary>Write-to-clustered times of single reports, in milliseconds.</summary>
internal sealed record LatencyResult(string Provider, IReadOnlyList<double> Milliseconds)
{
    public double P50 => Percentile(0.50);

    public double P90 => Percentile(0.90);

    public double Max => Milliseconds.Max();

    /// <summary>Nearest rank.</summary>
    private double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
