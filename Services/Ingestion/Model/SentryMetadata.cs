namespace FeedbackFix.Ingestion.Model;

/// <summary>What a Sentry issue or event keeps beyond the common feedback fields, stored as the item's metadata.</summary>
/// <param name="Project">The project's slug; its numeric id only when the payload names no slug.</param>
/// <param name="Frames">The top in-app stack frames of the event's exception, innermost first.</param>
/// <param name="Tags">The event's tags (key to value), at most <see cref="Ingest.SentryMapper.MaxTags"/>.</param>
public sealed record SentryMetadata(
    string Resource,
    string Action,
    string? IssueId,
    string? EventId,
    string? ShortId,
    string? Culprit,
    string? Level,
    long? Count,
    long? UserCount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    string? Project,
    string? Platform,
    string? TriggeredRule,
    string? Release = null,
    string? Environment = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<SentryFrame>? Frames = null);
