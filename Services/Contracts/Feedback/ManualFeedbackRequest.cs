using System.Text.Json.Serialization;

using System.Text.Json;

namespace FeedbackFix.Contracts.Feedback;

/// <summary>The body of <c>POST /ingest/manual</c>; only <see cref="Title"/> is required.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ManualFeedbackRequest(
    string? Title,
    string? Body = null,
    string? Url = null,
    string? Author = null,
    string? ExternalId = null,
    DateTimeOffset? CreatedAt = null,
    JsonElement? Metadata = null);
