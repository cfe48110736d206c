using System.Text.Json;

namespace FeedbackFix.Domain.Model;

/// <summary>One piece of feedback as stored in <c>feedback:{id}</c>.</summary>
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
