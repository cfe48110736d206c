using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Feedback;

/// <summary>The body of <c>POST /ingest/manual</c>; only <see cref="Title"/> is required.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ManualFeedbackRequest(
    [property: Required] string? Title,
    string? Body = null,
    string? Url = null,
    string? Author = null,
    string? ExternalId = null,
    DateTimeOffset? CreatedAt = null,
    JsonElement? Metadata = null);
