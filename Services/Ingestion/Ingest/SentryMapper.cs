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

    /// <summary>In-app frames kept: the innermost few are where a fixer starts.</summary>
    public const int MaxFrames = 5;

    /// <summary>Tags kept, and the characters of each key and value: a bound on what a sender can make us store.</summary>
    public const int MaxTags = 30;

    private const int MaxTagChars = 200;

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
            Project: ProjectSlug(e, data),
            Platform: WebhookJson.String(e, "platform"),
            TriggeredRule: WebhookJson.String(data, "triggered_rule"),
            Release: Release(e),
            Environment: Bounded(WebhookJson.String(e, "environment")),
            Tags: Tags(e),
            Frames: InAppFrames(e));
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
            WebhookJson.Plausible(seen, now),
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
        Line(metadata.FirstSeen is { } first ? $"First seen: {Iso(first)}" : null);
        Line(metadata.LastSeen is { } last ? $"Last seen: {Iso(last)}" : null);
        Line(metadata.Project is { } project ? $"Project: {project}" : null);
        Line(metadata.Release is { } release ? $"Release: {release}" : null);
        Line(metadata.Environment is { } environment ? $"Environment: {environment}" : null);
        Line(metadata.TriggeredRule is { } rule ? $"Alert rule: {rule}" : null);
        if (metadata.Tags is { Count: > 0 } tags)
        {
            Line("Tags: " + string.Join(", ", tags.Select(tag => $"{tag.Key}={tag.Value}")));
        }
        if (metadata.Frames is { Count: > 0 } frames)
        {
            Line("Stack (in-app, innermost first):");
            foreach (var frame in frames)
            {
                Line("  at " + frame);
            }
        }
        return body.ToString().TrimEnd('\n');
    }

    /// <summary>ISO-8601 UTC with a Z and milliseconds, as the API writes times (2019-08-19T21:06:17.677Z).</summary>
    internal static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The project's slug: <c>project_slug</c> on the event or the payload's data, else a string
    /// <c>project</c>, else the slug in the event's API url (<c>/api/0/projects/{org}/{slug}/events/…</c>);
    /// the numeric id only when none of those says more.
    /// </summary>
    private static string? ProjectSlug(JsonElement sentryEvent, JsonElement? data)
    {
        if (Bounded(WebhookJson.String(sentryEvent, "project_slug") ?? WebhookJson.String(data, "project_slug")) is { } slug)
        {
            return slug;
        }
        if (WebhookJson.Object(sentryEvent, "project") is { } project && Bounded(WebhookJson.String(project, "slug")) is { } nested)
        {
            return nested;
        }
        if (Bounded(WebhookJson.String(sentryEvent, "project")) is { } named && !named.All(char.IsAsciiDigit))
        {
            return named;
        }
        if (Uri.TryCreate(WebhookJson.String(sentryEvent, "url"), UriKind.Absolute, out var url))
        {
            var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(segments, "projects");
            if (at >= 0 && at + 2 < segments.Length && Bounded(Uri.UnescapeDataString(segments[at + 2])) is { } fromUrl)
            {
                return fromUrl;
            }
        }
        return WebhookJson.Id(sentryEvent, "project");
    }

    /// <summary>The release: a version string, or an object with <c>version</c>.</summary>
    private static string? Release(JsonElement sentryEvent) =>
        Bounded(WebhookJson.String(sentryEvent, "release") ?? WebhookJson.String(WebhookJson.Object(sentryEvent, "release"), "version"));

    /// <summary>Tags as Sentry sends them: <c>[["key","value"], …]</c> or <c>[{"key","value"}, …]</c> (or an object).</summary>
    private static Dictionary<string, string>? Tags(JsonElement sentryEvent)
    {
        if (!sentryEvent.TryGetProperty("tags", out var tags))
        {
            return null;
        }
        var pairs = tags.ValueKind switch
        {
            JsonValueKind.Array => tags.EnumerateArray().Select(tag => tag.ValueKind switch
            {
                JsonValueKind.Array when tag.GetArrayLength() == 2 && tag[0].ValueKind == JsonValueKind.String && tag[1].ValueKind == JsonValueKind.String
                    => (Key: tag[0].GetString(), Value: tag[1].GetString()),
                JsonValueKind.Object => (Key: WebhookJson.String(tag, "key"), Value: WebhookJson.String(tag, "value")),
                _ => (Key: null, Value: null),
            }),
            JsonValueKind.Object => tags.EnumerateObject().Select(p => (Key: (string?)p.Name, Value: p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null)),
            _ => [],
        };
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (kept.Count == MaxTags)
            {
                break;
            }
            if (Bounded(key) is { } k && Bounded(value) is { } v)
            {
                kept.TryAdd(k, v);
            }
        }
        return kept.Count == 0 ? null : kept;
    }

    /// <summary>
    /// The innermost in-app frames of the event's exception (Sentry lists frames oldest call first
    /// and the exception raised last, the one reported, last), so the failing line comes first.
    /// </summary>
    private static List<SentryFrame>? InAppFrames(JsonElement sentryEvent)
    {
        if (WebhookJson.Object(sentryEvent, "exception") is not { } exception
            || !exception.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var frames = new List<SentryFrame>(MaxFrames);
        foreach (var value in values.EnumerateArray().Reverse())
        {
            if (WebhookJson.Object(value, "stacktrace") is not { } stacktrace
                || !stacktrace.TryGetProperty("frames", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var frame in list.EnumerateArray().Reverse())
            {
                if (frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("in_app", out var inApp) && inApp.ValueKind == JsonValueKind.True)
                {
                    frames.Add(new SentryFrame(
                        Bounded(WebhookJson.String(frame, "function")),
                        Bounded(WebhookJson.String(frame, "filename") ?? WebhookJson.String(frame, "abs_path") ?? WebhookJson.String(frame, "module")),
                        WebhookJson.Long(frame, "lineno")));
                    if (frames.Count == MaxFrames)
                    {
                        return frames;
                    }
                }
            }
        }
        return frames.Count == 0 ? null : frames;
    }

    private static string? Bounded(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= MaxTagChars ? text : RedditPostMapper.Truncate(text, MaxTagChars).Text;

    /// <summary>The exception message Sentry extracted (metadata.value), when there is one.</summary>
    private static string? ErrorValue(JsonElement item) => WebhookJson.String(WebhookJson.Object(item, "metadata"), "value");
}
