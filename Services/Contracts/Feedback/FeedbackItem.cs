using System.Text.Json;

namespace FeedbackFix.Contracts.Feedback;

/// <summary>One piece of feedback; <see cref="Metadata"/> holds what its source adds (subreddit, Sentry issue, labels...).</summary>
public sealed record FeedbackItem(
    string Id,
    FeedbackSource Source,
    string? ExternalId,
    string Title,
    string Body,
    string? Url,
    string? Author,
    DateTimeOffset CreatedAt,
    DateTimeOffset IngestedAt,
    string? ClusterId,
    JsonElement? Metadata);
