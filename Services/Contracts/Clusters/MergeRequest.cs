using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The body of <c>POST /clusters/{id}/merge</c>: the cluster whose reports join <c>into</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MergeRequest([property: Required] string? Into = null);
