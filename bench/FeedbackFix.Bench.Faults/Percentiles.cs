namespace FeedbackFix.Bench.Faults;

internal static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile of the durations in milliseconds (nearest rank), 0 for none.</summary>
    public static double Of(IEnumerable<TimeSpan> durations, double percent)
    {
        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
