using System.Globalization;
using System.Text;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// The countable facts of a cluster as its membership commits keep them (never counted from a sample
/// of its items): its size, reports by source (e.g. <c>{"reddit": 3}</c>), first and last seen.
/// </summary>
public sealed record ClusterFacts(long Size, IReadOnlyDictionary<string, long> Sources, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)
{
    /// <summary>
    /// The sentence that ends every summary, e.g. "12 reports (reddit 7, sentry 5), first seen 2026-11-02,
    /// last seen 2026-11-28." Sources in declaration order; what is not known (a cluster not counted yet) is left out.
    /// </summary>
    public string Sentence()
    {
        if (Size <= 0)
        {
            return "No reports.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Size} {(Size == 1 ? "report" : "reports")}");
        var sources = Sources.Where(s => s.Value > 0).OrderBy(s => Order(s.Key)).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (sources.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", sources.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value}"))).Append(')');
        }
        if (FirstSeen is { } first)
        {
            text.Append(", first seen ").Append(Day(first));
        }
        if (LastSeen is { } last)
        {
            text.Append(", last seen ").Append(Day(last));
        }
        return text.Append('.').ToString();
    }

    /// <summary>A source as the facts and prompts name it: "reddit".</summary>
    public static string SourceName(FeedbackSource source) => source.ToString().ToLowerInvariant();

    private static int Order(string source) =>
        Enum.TryParse<FeedbackSource>(source, ignoreCase: true, out var known) && Enum.IsDefined(known) ? (int)known : int.MaxValue;

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
