using System.Text;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.GitHub;

namespace FeedbackFix.AgentOrchestrator.Issues;

/// <summary>
/// The text of the GitHub issue a fix opens: the cluster's summary and a line for every report behind
/// it, within GitHub's limits (<see cref="GitHubLimits"/>).
/// </summary>
public static partial class IssueBody
{
    /// <summary>Reports read for the body; fewer are listed when their lines would not fit in GitHub's body limit.</summary>
    public const int MaxLinkedItems = 200;

    private const int MaxItemTitleLength = 120;

    private const string NewLine = "\n";

    /// <summary>The issue's title, cut to GitHub's limit; <see cref="Compose"/> then starts with the whole of it.</summary>
    public static string Title(IssueCluster cluster) => GitHubLimits.FitTitle(FullTitle(cluster));

    /// <summary>
    /// The hidden line that ties an issue to its cluster, so an issue opened earlier is found again,
    /// and that tells Ingestion's GitHub webhook the issue is ours, not feedback.
    /// </summary>
    public static string Marker(string clusterId) => FixIssueMarker.For(clusterId);

    /// <summary>
    /// The body, at most <see cref="GitHubLimits.BodyMaxLength"/> long. The full title (when the
    /// title was cut), the description, the reports' heading, the count of reports not listed and
    /// the closing marker always fit; report lines are dropped from the end to make room, and the
    /// description is cut only when it alone leaves none.
    /// </summary>
    public static string Compose(IssueCluster cluster, IReadOnlyList<FeedbackItem> items)
    {
        var total = Math.Max(cluster.Size, items.Count);
        var heading = FormattableString.Invariant($"### Reports ({cluster.Size}){NewLine}{NewLine}");
        var ending = FormattableString.Invariant($"{NewLine}_Opened by FeedbackFix for cluster `{cluster.Id}`._{NewLine}") + Marker(cluster.Id);
        // Room for the "and N more" line at its longest (nothing listed), so no report line can push out the marker.
        var closing = MoreLine(cluster.Id, total).Length + ending.Length;

        var body = new StringBuilder(Intro(cluster, GitHubLimits.BodyMaxLength - heading.Length - closing));
        body.Append(heading);
        var listed = 0;
        foreach (var item in items.Take(MaxLinkedItems))
        {
            var line = Line(item) + NewLine;
            if (body.Length + line.Length + closing > GitHubLimits.BodyMaxLength)
            {
                break;
            }
            body.Append(line);
            listed++;
        }
        if (total > listed)
        {
            body.Append(MoreLine(cluster.Id, total - listed));
        }

        return body.Append(ending).ToString();
    }

    private static string FullTitle(IssueCluster cluster) =>
        !string.IsNullOrWhiteSpace(cluster.IssueTitle) ? cluster.IssueTitle! : cluster.Title;

    /// <summary>The full title when the issue's was cut, and the description, in at most <paramref name="room"/>.</summary>
    private static string Intro(IssueCluster cluster, int room)
    {
        var parts = new List<string>(2);
        var fullTitle = FullTitle(cluster);
        if (Title(cluster) != fullTitle)
        {
            // A person's issue title is theirs; a cluster's title is a report's.
            parts.Add($"**Full title:** {(string.IsNullOrWhiteSpace(cluster.IssueTitle) ? Inert(fullTitle.Trim()) : fullTitle.Trim())}");
        }
        // A person's description is theirs to write as they mean it; a summary is built from reports.
        var description = !string.IsNullOrWhiteSpace(cluster.IssueDescription) ? cluster.IssueDescription! : Inert(cluster.Summary ?? "");
        if (!string.IsNullOrWhiteSpace(description))
        {
            parts.Add(description.Trim());
        }

        var separator = NewLine + NewLine;
        if (parts.Count == 0 || room <= separator.Length + GitHubLimits.Ellipsis.Length)
        {
            return "";
        }
        return GitHubLimits.Shorten(string.Join(separator, parts), room - separator.Length) + separator;
    }

    private static string MoreLine(string clusterId, long more) =>
        FormattableString.Invariant($"- and {more} more: `GET /clusters/{clusterId}` lists them all{NewLine}");

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
        return GitHubLimits.Shorten(Inert(line), MaxItemTitleLength);
    }

    /// <summary>
    /// Text from outside (a public post's title, a summary of such reports) made inert in an issue
    /// posted under the bot's account: HTML is shown, not rendered (no tracking images or links), an
    /// <c>@name</c> or <c>@org/team</c> does not notify anyone, and <c>#123</c> does not mention
    /// another issue. A zero-width space, written as its entity, breaks each.
    /// </summary>
    internal static string Inert(string text) => Reference().Replace(text.Replace("<", "&lt;", StringComparison.Ordinal), "$1&#8203;");

    [System.Text.RegularExpressions.GeneratedRegex(@"([@#])(?=[A-Za-z0-9])")]
    private static partial System.Text.RegularExpressions.Regex Reference();
}
