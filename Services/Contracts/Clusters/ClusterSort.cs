using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The order of <c>GET /clusters</c> (<c>sort=</c>): largest first, or most recently reported first.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClusterSort>))]
public enum ClusterSort
{
    /// <summary>Most reports first (the default).</summary>
    Size,

    /// <summary>The cluster whose newest report is the newest first.</summary>
    LastSeen,
}
