namespace FeedbackFix.Ingestion.Model;

/// <summary>What a Sentry issue or event keeps beyond the common feedback fields, stored as the item's metadata.</summary>
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
    string? TriggeredRule);
