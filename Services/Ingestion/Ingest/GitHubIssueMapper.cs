using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// Turns a GitHub <c>issues</c> delivery into feedback keyed by the issue's id (<c>issue.id</c>,
/// which an issue keeps for life, also across a transfer, unlike its number): one issue is one
/// report. <c>opened</c> and <c>reopened</c> of a known issue are duplicates; <c>edited</c>
/// replaces its title and body in place; any of them for an issue never seen stores it. The
/// delivery id (<c>X-GitHub-Delivery</c>, kept by GitHub when it redelivers) is recorded beside
/// it, so a redelivery or a replayed request is a duplicate and an old edit replayed never puts old
/// text back. Issues FeedbackFix opened itself (their body carries <see cref="FixIssueMarker"/>)
/// are ignored, or the fix loop would feed itself.
/// </summary>
internal static class GitHubIssueMapper
{
    public const string IssuesEvent = "issues";
    public const string EditedAction = "edited";

    private static readonly HashSet<string> TakenActions = new(StringComparer.Ordinal) { "opened", "edited", "reopened" };

    public static WebhookMapping Map(string gitHubEvent, string deliveryId, JsonElement payload, DateTimeOffset now, FieldErrors errors)
    {
        if (gitHubEvent != IssuesEvent)
        {
            return WebhookMapping.Ignore($"GitHub event '{gitHubEvent}' is not feedback.");
        }
        var action = WebhookJson.String(payload, "action") ?? "";
        if (!TakenActions.Contains(action))
        {
            return WebhookMapping.Ignore($"GitHub issues action '{action}' is not feedback; opened, edited and reopened are.");
        }

        errors.Required("X-GitHub-Delivery", deliveryId, FeedbackLimits.ExternalIdMaxLength);
        if (WebhookJson.Object(payload, "issue") is not { } issue)
        {
            errors.Add("issue", "issue must be the issue object.");
            return WebhookMapping.Invalid;
        }
        var issueId = WebhookJson.Long(issue, "id");
        if (issueId is not > 0)
        {
            errors.Add("issue.id", "issue.id must be the issue's numeric id.");
        }
        var title = WebhookJson.String(issue, "title");
        errors.Required("issue.title", title, int.MaxValue);
        if (!errors.IsEmpty)
        {
            return WebhookMapping.Invalid;
        }

        var text = WebhookJson.String(issue, "body") ?? "";
        if (FixIssueMarker.IsIn(text))
        {
            return WebhookMapping.Ignore("The issue was opened by FeedbackFix for a fix; it is not feedback.");
        }
        var (body, truncated) = RedditPostMapper.Truncate(text, FeedbackLimits.BodyMaxLength);
        var author = WebhookJson.String(WebhookJson.Object(issue, "user"), "login");
        var metadata = new GitHubIssueMetadata(
            Repository: WebhookJson.String(WebhookJson.Object(payload, "repository"), "full_name"),
            Number: WebhookJson.Long(issue, "number"),
            Labels: Labels(issue),
            Action: action,
            State: WebhookJson.String(issue, "state"),
            BodyTruncated: truncated ? true : null);
        return WebhookMapping.Store(new NewFeedback(
            FeedbackSource.Github,
            issueId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RedditPostMapper.Truncate(title!.Trim(), FeedbackLimits.TitleMaxLength).Text,
            body,
            WebhookJson.Url(WebhookJson.String(issue, "html_url")),
            author is { Length: > 0 and <= FeedbackLimits.AuthorMaxLength } ? author : null,
            WebhookJson.Plausible(WebhookJson.Time(issue, "created_at"), now),
            JsonSerializer.SerializeToElement(metadata, ApiJson.Options))) with
        {
            DeliveryId = deliveryId,
            ReplacesText = action == EditedAction,
            SourceUpdatedAt = WebhookJson.Time(issue, "updated_at"),
        };
    }

    private static List<string> Labels(JsonElement issue)
    {
        if (!issue.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return [.. labels.EnumerateArray().Select(label => WebhookJson.String(label, "name")).OfType<string>()];
    }
}
