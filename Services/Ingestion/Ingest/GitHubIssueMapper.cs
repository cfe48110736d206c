using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// Turns a GitHub <c>issues</c> delivery into feedback keyed by the delivery id
/// (<c>X-GitHub-Delivery</c>). GitHub keeps that id when it redelivers, so a redelivery or a
/// replayed request is a duplicate; an edit or a reopen is a new event with its own id, and so a
/// new item carrying the text as it now reads (metadata names the repository and issue number,
/// which tie the items of one issue together).
/// </summary>
internal static class GitHubIssueMapper
{
    public const string IssuesEvent = "issues";

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
        var title = WebhookJson.String(issue, "title");
        errors.Required("issue.title", title, int.MaxValue);
        if (!errors.IsEmpty)
        {
            return WebhookMapping.Invalid;
        }

        var (body, truncated) = RedditPostMapper.Truncate(WebhookJson.String(issue, "body") ?? "", FeedbackLimits.BodyMaxLength);
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
            deliveryId,
            RedditPostMapper.Truncate(title!.Trim(), FeedbackLimits.TitleMaxLength).Text,
            body,
            WebhookJson.Url(WebhookJson.String(issue, "html_url")),
            author is { Length: > 0 and <= FeedbackLimits.AuthorMaxLength } ? author : null,
            WebhookJson.NotInFuture(WebhookJson.Time(issue, "created_at"), now),
            JsonSerializer.SerializeToElement(metadata, ApiJson.Options)));
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
