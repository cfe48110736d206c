using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The body of <c>POST /clusters/{id}/items</c>: reports a person moves into the cluster.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MoveItemsRequest([property: Required] IReadOnlyList<string>? FeedbackIds = null);
