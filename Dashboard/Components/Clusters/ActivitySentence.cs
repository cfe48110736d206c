using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Dashboard.Components.Shared;

namespace FeedbackFix.Dashboard.Components.Clusters;

/// <summary>
/// One activity entry as a person reads it, seen from the cluster whose list it is in: the words
/// before a link, the link (another cluster or a job, when the entry names one) and the words after.
/// The entries and their fields: docs/architecture.md, "Curation".
/// </summary>
public sealed record ActivitySentence(string Before, string? LinkText = null, string? LinkHref = null, string After = "")
{
    public static ActivitySentence Of(ClusterActivity entry)
    {
        var reports = Reports(entry.Count);
        return entry.Type switch
        {
            ActivityType.Created => new($"Cluster opened{With(reports)}"),
            ActivityType.Joined => new($"{Capital(reports ?? "Reports")} joined"),
            ActivityType.Merged when entry.MergedInto is { } into => Cluster("Merged into ", into, With(reports)),
            ActivityType.Merged when entry.MergedFrom is { } from => Cluster("", from, $" was merged into this one{With(reports)}", capital: true),
            ActivityType.Unmerged when entry.From is { } from => Cluster("Unmerged from ", from, Back(reports)),
            ActivityType.Unmerged when entry.To is { } to => Cluster("", to, $" was unmerged from this one{Taking(reports)}", capital: true),
            ActivityType.Moved when entry.To is { } to => Cluster($"{Capital(reports ?? "Reports")} moved to ", to),
            ActivityType.Moved when entry.From is { } from => Cluster($"{Capital(reports ?? "Reports")} moved in from ", from),
            ActivityType.Moved => new($"{Capital(reports ?? "Reports")} moved in"),
            ActivityType.Split when entry.To is { } to => Cluster($"{Capital(reports ?? "Reports")} split out into ", to),
            ActivityType.Split when entry.From is { } from => Cluster("Split out of ", from, With(reports)),
            ActivityType.Split => new($"Split out{With(reports)}"),
            ActivityType.Status when entry.JobId is { } job =>
                new($"Status {Status(entry.StatusFrom)} → {Status(entry.StatusTo)} (", $"job {job}", $"/jobs/{Uri.EscapeDataString(job)}", ")"),
            ActivityType.Status => new($"Status {Status(entry.StatusFrom)} → {Status(entry.StatusTo)}"),
            ActivityType.Job when entry.JobId is { } job => new("Fix started: ", $"job {job}", $"/jobs/{Uri.EscapeDataString(job)}"),
            ActivityType.Job => new("Fix started"),
            ActivityType.Deleted when entry.By == ActivityActors.Retention => new($"{Capital(reports ?? "Reports")} deleted for {(entry.Count == 1 ? "its" : "their")} age"),
            ActivityType.Deleted => new($"{Capital(reports ?? "A report")} deleted"),
            _ => new(entry.Type.ToApiName()),
        };
    }

    private static ActivitySentence Cluster(string before, string id, string after = "", bool capital = false) =>
        new(before, capital && before.Length == 0 ? $"Cluster {id}" : $"cluster {id}", $"/clusters/{Uri.EscapeDataString(id)}", after);

    private static string? Reports(long? count) => count switch
    {
        null => null,
        1 => "1 report",
        { } n => $"{n.ToString("N0", CultureInfo.InvariantCulture)} reports",
    };

    private static string With(string? reports) => reports is null ? "" : $" with {reports}";

    private static string Back(string? reports) => reports is null ? "" : $": {reports} came back";

    private static string Taking(string? reports) => reports is null ? "" : $", taking {reports}";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Status(ClusterStatus? status) => status?.InWords() ?? "unknown";
}
