using System.Text;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.AgentOrchestrator.Issues;

/// <summary>The text of the GitHub issue a fix opens: the cluster's summary and a line for every report behind it.</summary>
public static class IssueBody
{
    /// <summary>Reports linked one by one; GitHub caps a body at 65,536 characters.</summary>
    public const int MaxLinkedItems = 200;

    private const int MaxItemTitleLength = 120;

    public static string Title(IssueCluster cluster) =>
        !string.IsNullOrWhiteSpace(cluster.IssueTitle) ? cluster.IssueTitle! : cluster.Title;

    /// <summary>
    /// The hidden line that ties an issue to its cluster, so an issue opened earlier is found again,
    /// and that tells Ingestion's GitHub webhook the issue is ours, not feedback.
    /// </summary>
    public static string Marker(string clusterId) => FixIssueMarker.For(clusterId);

    public static string Compose(IssueCluster cluster, IReadOnlyList<FeedbackItem> items)
    {
        var body = new StringBuilder();
        var description = !string.IsNullOrWhiteSpace(cluster.IssueDescription) ? cluster.IssueDescription! : cluster.Summary;
        if (!string.IsNullOrWhiteSpace(description))
        {
            body.AppendLine(description.Trim()).AppendLine();
        }

        body.AppendLine(FormattableString.Invariant($"### Reports ({cluster.Size})")).AppendLine();
        foreach (var item in items.Take(MaxLinkedItems))
        {
            body.AppendLine(Line(item));
        }
        if (cluster.Size > Math.Min(items.Count, MaxLinkedItems))
        {
            body.AppendLine(FormattableString.Invariant(
                $"- and {cluster.Size - Math.Min(items.Count, MaxLinkedItems)} more: `GET /clusters/{cluster.Id}` lists them all"));
        }

        body.AppendLine()
            .AppendLine(FormattableString.Invariant($"_Opened by FeedbackFix for cluster `{cluster.Id}`._"))
            .Append(Marker(cluster.Id));
        return body.ToString();
    }

    private static string Line(FeedbackItem item)
    {
        var title = OneLine(string.IsNullOrWhiteSpace(item.Title) ? item.Body : item.Title);
        var source = item.Source.ToString().ToLowerInvariant();
        var when = item.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Uri.TryCreate(item.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? $"- [{title}]({url.AbsoluteUri}) ({source}, {when})"
            : $"- {title} ({source}, {when}, feedback `{item.Id}`)";
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace("[", "(", StringComparison.Ordinal)
            .Replace("]", ")", StringComparison.Ordinal);
        return line.Length <= MaxItemTitleLength ? line : line[..(MaxItemTitleLength - 1)] + "…";
    }
}
