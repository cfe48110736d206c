using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>The order of <c>GET /clusters</c> (<c>sort=</c>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ClusterSort>))]
public enum ClusterSort
{
    /// <summary>Most reports first (the default).</summary>
    Size,

    /// <summary>The cluster whose newest report is the newest first.</summary>
    LastSeen,

    /// <summary>Highest <see cref="IssueCluster.Trend"/> first: what is rising against its own baseline.</summary>
    Trend,

    /// <summary>The cluster whose first report is the newest first: new topics.</summary>
    FirstSeen,
}
