namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>
/// Orders log line ids (Redis stream ids, "milliseconds-sequence"), so a line that comes again
/// after a reconnect is recognised and dropped.
/// </summary>
public static class LogLineId
{
    /// <summary>Whether <paramref name="id"/> comes after <paramref name="last"/> (everything comes after nothing).</summary>
    public static bool IsAfter(string id, string? last)
    {
        if (last is null)
        {
            return true;
        }
        if (Parse(id) is not { } a || Parse(last) is not { } b)
        {
            // Not an id we can read: trust the order the API gave, only never the same line twice.
            return !string.Equals(id, last, StringComparison.Ordinal);
        }
        return a.CompareTo(b) > 0;
    }

    private static (long Ms, long Seq)? Parse(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(id.AsSpan(0, dash), out var ms)
            && long.TryParse(id.AsSpan(dash + 1), out var seq)
            ? (ms, seq)
            : null;
    }
}
