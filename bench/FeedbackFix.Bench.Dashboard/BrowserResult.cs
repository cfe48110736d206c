namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// Milliseconds per page load, sorted: from the start of navigation until the log's first line is
/// in the page (the prerendered HTML), until the page is live and shows the whole log (its state
/// reads "N lines"), then from a jump to the log's end until its last line is in view, and back to
/// its first.
/// </summary>
internal sealed record BrowserResult(IReadOnlyList<double> FirstLine, IReadOnlyList<double> Live, IReadOnlyList<double> Bottom, IReadOnlyList<double> Top)
{
    public static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
}
