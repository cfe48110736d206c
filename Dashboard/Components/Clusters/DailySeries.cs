using System.Globalization;

namespace FeedbackFix.Dashboard.Components.Clusters;

/// <summary>
/// A cluster's <c>daily_counts</c> (oldest first, the last the current UTC day) with the day each number
/// belongs to and the words that describe them to a screen reader.
/// </summary>
internal sealed record DailySeries(IReadOnlyList<long> Counts, DateOnly LastDay)
{
    public long Total => Counts.Sum();

    public long Peak => Counts.Count == 0 ? 0 : Counts.Max();

    public long Today => Counts.Count == 0 ? 0 : Counts[^1];

    public DateOnly FirstDay => LastDay.AddDays(-(Math.Max(Counts.Count, 1) - 1));

    public DateOnly DayOf(int index) => FirstDay.AddDays(index);

    public static DailySeries Of(IReadOnlyList<long> counts, TimeProvider time) =>
        new(counts, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Total} {Reports(Total)} in the last {Counts.Count} days, {Today} today, at most {Peak} on one day");

    public static string Reports(long count) => count == 1 ? "report" : "reports";

    public static string Date(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);
}
