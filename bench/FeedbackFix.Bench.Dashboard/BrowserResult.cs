namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// Milliseconds per page load, sorted. From the start of navigation: until the HTML is received;
/// until its first contentful paint, which shows the log's first lines (they are in the prerendered
/// HTML); until the page is live (<c>data-live</c>); until it shows the whole log (its state reads
/// "N lines"). Then from a jump to the log's end until its last line is in view, and back to its first.
/// </summary>
internal sealed record BrowserResult(
    IReadOnlyList<double> Html,
    IReadOnlyList<double> FirstLine,
    IReadOnlyList<double> Live,
    IReadOnlyList<double> AllLines,
    IReadOnlyList<double> Bottom,
    IReadOnlyList<double> Top)
{
    public static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
}
