using System.Globalization;
using System.Text;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// Turns a Sentry integration webhook (<c>Sentry-Hook-Resource</c> and its JSON) into feedback
/// keyed by the Sentry issue id, so an issue, its alerts and its errors land once.
/// </summary>
internal static class SentryMapper
{
    /// <summary>Prefix of the key when an event names no issue: event ids never collide with issue ids.</summary>
    public const string EventKeyPrefix = "event:";

    public static WebhookMapping Map(string resource, JsonElement payload, DateTimeOffset now, FieldErrors errors)
    {
        var action = WebhookJson.String(payload, "action") ?? "";
        var data = WebhookJson.Object(payload, "data");
        return (resource, action) switch
        {
            ("issue", "created") => MapIssue(data, action, now, errors),
            ("event_alert", "triggered") => MapEvent(resource, action, WebhookJson.Object(data, "event"), "data.event", data, now, errors),
            // The documented payload holds the error under data.error; its attribute list says data.event.
            ("error", "created") => WebhookJson.Object(data, "error") is { } error
                ? MapEvent(resource, action, error, "data.error", data, now, errors)
                : MapEvent(resource, action, WebhookJson.Object(data, "event"), "data.error", data, now, errors),
            ("issue" or "event_alert" or "error", _) => WebhookMapping.Ignore($"Sentry {resource} webhooks with action '{action}' are not feedback."),
            _ => WebhookMapping.Ignore($"Sentry resource '{resource}' is not feedback."),
        };
    }

    private static WebhookMapping MapIssue(JsonElement? data, string action, DateTimeOffset now, FieldErrors errors)
    {
        if (WebhookJson.Object(data, "issue") is not { } issue)
        {
            errors.Add("data.issue", "data.issue must be the issue object.");
            return WebhookMapping.Invalid;
        }

        var issueId = WebhookJson.Id(issue, "id");
        errors.Required("data.issue.id", issueId, FeedbackLimits.ExternalIdMaxLength);
        if (!errors.IsEmpty)
        {
            return WebhookMapping.Invalid;
        }

        var project = WebhookJson.Object(issue, "project");
        var metadata = new SentryMetadata(
            Resource: "issue",
            Action: action,
            IssueId: issueId,
            EventId: null,
            ShortId: WebhookJson.String(issue, "shortId"),
            Culprit: WebhookJson.String(issue, "culprit"),
            Level: WebhookJson.String(issue, "level"),
            Count: WebhookJson.Long(issue, "count"),
            UserCount: WebhookJson.Long(issue, "userCount"),
            FirstSeen: WebhookJson.Time(issue, "firstSeen"),
            LastSeen: WebhookJson.Time(issue, "lastSeen"),
            Project: WebhookJson.String(project, "slug") ?? WebhookJson.String(project, "name") ?? WebhookJson.Id(project, "id"),
            Platform: WebhookJson.String(issue, "platform"),
            TriggeredRule: null);
        var title = WebhookJson.String(issue, "title") ?? ErrorValue(issue) ?? $"Sentry issue {metadata.ShortId ?? issueId}";
        return Feedback(issueId!, title, ErrorValue(issue), WebhookJson.String(issue, "web_url") ?? WebhookJson.String(issue, "permalink"),
            metadata.FirstSeen, metadata, now);
    }

    private static WebhookMapping MapEvent(
        string resource, string action, JsonElement? sentryEvent, string field, JsonElement? data, DateTimeOffset now, FieldErrors errors)
    {
        if (sentryEvent is not { } e)
        {
            errors.Add(field, $"{field} must be the event object.");
            return WebhookMapping.Invalid;
        }

        var issueId = WebhookJson.Id(e, "issue_id");
        var eventId = WebhookJson.Id(e, "event_id");
        if (string.IsNullOrWhiteSpace(issueId) && string.IsNullOrWhiteSpace(eventId))
        {
            errors.Add(field + ".issue_id", $"{field}.issue_id or {field}.event_id is required to tell the event apart.");
            return WebhookMapping.Invalid;
        }
        var key = string.IsNullOrWhiteSpace(issueId) ? EventKeyPrefix + eventId : issueId;
        errors.MaxLength(field + ".issue_id", key, FeedbackLimits.ExternalIdMaxLength);
        if (!errors.IsEmpty)
        {
            return WebhookMapping.Invalid;
        }

        var metadata = new SentryMetadata(
            Resource: resource,
            Action: action,
            IssueId: issueId,
            EventId: eventId,
            ShortId: null,
            Culprit: WebhookJson.String(e, "culprit"),
            Level: WebhookJson.String(e, "level"),
            Count: null,
            UserCount: null,
            FirstSeen: null,
            LastSeen: WebhookJson.Time(e, "datetime"),
            Project: WebhookJson.Id(e, "project"),
            Platform: WebhookJson.String(e, "platform"),
            TriggeredRule: WebhookJson.String(data, "triggered_rule"));
        var title = WebhookJson.String(e, "title") ?? ErrorValue(e) ?? $"Sentry event {eventId ?? issueId}";
        return Feedback(key, title, ErrorValue(e), WebhookJson.String(e, "web_url"), metadata.LastSeen, metadata, now);
    }

    private static WebhookMapping Feedback(
        string externalId, string title, string? message, string? url, DateTimeOffset? seen, SentryMetadata metadata, DateTimeOffset now)
    {
        var trimmed = string.IsNullOrWhiteSpace(title) ? $"Sentry issue {externalId}" : title.Trim();
        return WebhookMapping.Store(new NewFeedback(
            FeedbackSource.Sentry,
            externalId,
            RedditPostMapper.Truncate(trimmed, FeedbackLimits.TitleMaxLength).Text,
            RedditPostMapper.Truncate(Body(message, metadata), FeedbackLimits.BodyMaxLength).Text,
            WebhookJson.Url(url),
            null,
            WebhookJson.NotInFuture(seen, now),
            JsonSerializer.SerializeToElement(metadata, ApiJson.Options)));
    }

    /// <summary>The facts people triage by, as text, so they are read (and clustered) with the title.</summary>
    internal static string Body(string? message, SentryMetadata metadata)
    {
        var body = new StringBuilder();
        void Line(string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                body.Append(text).Append('\n');
            }
        }

        Line(message);
        Line(metadata.Culprit is { } culprit ? $"Culprit: {culprit}" : null);
        Line(metadata.Level is { } level ? $"Level: {level}" : null);
        Line(metadata.Count is { } count ? string.Create(CultureInfo.InvariantCulture, $"Events: {count}") : null);
        Line(metadata.UserCount is { } users ? string.Create(CultureInfo.InvariantCulture, $"Users: {users}") : null);
        Line(metadata.FirstSeen is { } first ? $"First seen: {first.ToString("O", CultureInfo.InvariantCulture)}" : null);
        Line(metadata.LastSeen is { } last ? $"Last seen: {last.ToString("O", CultureInfo.InvariantCulture)}" : null);
        Line(metadata.Project is { } project ? $"Project: {project}" : null);
        Line(metadata.TriggeredRule is { } rule ? $"Alert rule: {rule}" : null);
        return body.ToString().TrimEnd('\n');
    }

    /// <summary>The exception message Sentry extracted (metadata.value), when there is one.</summary>
    private static string? ErrorValue(JsonElement item) => WebhookJson.String(WebhookJson.Object(item, "metadata"), "value");
}
