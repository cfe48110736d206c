namespace FeedbackFix.Domain.Model;

/// <summary>
/// The one place for what "rising" means: which UTC days a cluster counts reports for, its trend
/// score and when it is escalating. The formula and why it is kept as a time-free key are in
/// docs/architecture.md ("Trends").
/// </summary>
/// <remarks>
/// trend(T) = F(T)² / S(T), where F and S are the cluster's daily counts decayed to the time T with a
/// half-life of <see cref="FastHalfLifeDays"/> and <see cref="SlowHalfLifeDays"/>: recent volume times
/// how far it runs above the cluster's own longer baseline. Without new reports every cluster's trend
/// shrinks by the same factor per day, so ln trend(T) = <see cref="Key"/> - <see cref="DecayPerDay"/>·(T - anchor):
/// the key, which depends on the counts only, orders clusters the same way at every T.
/// </remarks>
public static class ClusterTrend
{
    /// <summary>How many UTC days are counted: the current day and the 29 before it.</summary>
    public const int WindowDays = 30;

    public const double FastHalfLifeDays = 1;

    public const double SlowHalfLifeDays = 7;

    /// <summary>The least reports on the current day that can be escalating.</summary>
    public const long EscalatingMinimum = 3;

    /// <summary>How many times its baseline (the mean of the days before) the current day must reach to be escalating.</summary>
    public const double EscalatingFactor = 3;

    /// <summary>The day keys are measured from; any fixed day before every report would do.</summary>
    public static readonly DateOnly Anchor = new(2020, 1, 1);

    /// <summary>How much ln trend falls per day without new reports: ln 2 · (2 / fast half-life - 1 / slow half-life).</summary>
    public static readonly double DecayPerDay = Math.Log(2) * ((2 / FastHalfLifeDays) - (1 / SlowHalfLifeDays));

    /// <summary>The UTC day of <paramref name="time"/>.</summary>
    public static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>The oldest day still counted at <paramref name="now"/>.</summary>
    public static DateOnly FirstCountedDay(DateTimeOffset now) => Day(now).AddDays(-(WindowDays - 1));

    /// <summary>
    /// The day a report created at <paramref name="createdAt"/> counts on at <paramref name="now"/>: its
    /// own UTC day, or the current one when it is dated later (a sender's clock ahead); null when it is
    /// older than the window.
    /// </summary>
    public static DateOnly? CountedDay(DateTimeOffset createdAt, DateTimeOffset now)
    {
        var today = Day(now);
        var day = Day(createdAt);
        if (day > today)
        {
            return today;
        }
        return day < FirstCountedDay(now) ? null : day;
    }

    /// <summary>
    /// The time-free order key of a cluster with <paramref name="counts"/> reports per day:
    /// 2·ln F' - ln S', where F' and S' are the counts weighted by 2^((day - anchor) / half-life).
    /// 0 when there is nothing to count (every key with counts is positive).
    /// </summary>
    public static double Key(IEnumerable<KeyValuePair<DateOnly, long>> counts)
    {
        var kept = counts.Where(c => c.Value > 0).Select(c => (Day: (double)(c.Key.DayNumber - Anchor.DayNumber), Count: (double)c.Value)).ToList();
        if (kept.Count == 0)
        {
            return 0;
        }
        var newest = kept.Max(c => c.Day);
        // ln Σ c·2^(d/h), computed from the newest day so nothing overflows.
        double LogWeighted(double halfLife) =>
            (newest / halfLife * Math.Log(2)) + Math.Log(kept.Sum(c => c.Count * Math.Pow(2, (c.Day - newest) / halfLife)));
        return (2 * LogWeighted(FastHalfLifeDays)) - LogWeighted(SlowHalfLifeDays);
    }

    /// <summary>
    /// The trend at the start of the minute of <paramref name="now"/> of a cluster whose key is
    /// <paramref name="key"/>, rounded to 3 decimals; 0 for a cluster with nothing counted. Taken per
    /// whole minute so a record read twice within one holds the same number.
    /// </summary>
    public static double Score(double key, DateTimeOffset now)
    {
        if (key <= 0)
        {
            return 0;
        }
        var minutes = Math.Floor((now.UtcDateTime - Anchor.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).TotalMinutes);
        return Math.Round(Math.Exp(key - (DecayPerDay * minutes / (24 * 60))), 3);
    }

    /// <summary>
    /// The window's counts at <paramref name="now"/>, oldest first: <see cref="WindowDays"/> numbers, the
    /// last one the current UTC day's.
    /// </summary>
    public static long[] Series(IReadOnlyDictionary<DateOnly, long> counts, DateTimeOffset now)
    {
        var first = FirstCountedDay(now);
        var series = new long[WindowDays];
        for (var i = 0; i < WindowDays; i++)
        {
            series[i] = counts.TryGetValue(first.AddDays(i), out var count) ? count : 0;
        }
        return series;
    }

    /// <summary>
    /// Whether the last day of <paramref name="series"/> (oldest first) is well above the days before it:
    /// at least <see cref="EscalatingMinimum"/> reports and at least <see cref="EscalatingFactor"/> times
    /// their mean.
    /// </summary>
    public static bool IsEscalating(IReadOnlyList<long> series)
    {
        if (series.Count == 0)
        {
            return false;
        }
        var last = series[^1];
        var baseline = series.Count == 1 ? 0 : series.Take(series.Count - 1).Average();
        return last >= EscalatingMinimum && last >= EscalatingFactor * baseline;
    }
}
