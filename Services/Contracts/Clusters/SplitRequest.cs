using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The body of <c>POST /clusters</c>: reports a person splits out into a new cluster with this title.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SplitRequest([property: Required] IReadOnlyList<string>? FeedbackIds = null, [property: Required] string? Title = null);
