using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The body of <c>POST /clusters</c>: reports a person splits out into a new cluster with this title.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SplitRequest(IReadOnlyList<string>? FeedbackIds = null, string? Title = null);
