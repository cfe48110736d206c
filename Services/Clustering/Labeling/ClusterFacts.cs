using System.Globalization;
using System.Text;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>The countable facts of a cluster, as a sentence: reports by source, first and last seen.</summary>
internal static class ClusterFacts
{
    /// <summary>E.g. "12 reports (reddit 7, sentry 5), first seen 2026-11-02, last seen 2026-11-28." Sources in declaration order.</summary>
    public static string Describe(IReadOnlyList<LabelItem> items)
    {
        if (items.Count == 0)
        {
            return "No reports.";
        }

        var bySource = new SortedDictionary<FeedbackSource, int>();
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        foreach (var item in items)
        {
            bySource[item.Source] = bySource.GetValueOrDefault(item.Source) + 1;
            first = item.CreatedAt < first ? item.CreatedAt : first;
            last = item.CreatedAt > last ? item.CreatedAt : last;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{items.Count} {(items.Count == 1 ? "report" : "reports")} (");
        text.AppendJoin(", ", bySource.Select(s => string.Create(CultureInfo.InvariantCulture, $"{SourceName(s.Key)} {s.Value}")));
        text.Append(CultureInfo.InvariantCulture, $"), first seen {Day(first)}, last seen {Day(last)}.");
        return text.ToString();
    }

    public static string SourceName(FeedbackSource source) => source.ToString().ToLowerInvariant();

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
