using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Dashboard.Api;

/// <summary>What the inbox asks <c>GET /clusters</c> for.</summary>
public sealed record ClusterQuery(ClusterStatus? Status = null, string? Cursor = null, int Limit = 50)
{
    public Dictionary<string, string?> ToParameters() => new()
    {
        ["status"] = Status?.ToApiName(),
        ["cursor"] = Cursor,
        ["limit"] = Limit.ToString(CultureInfo.InvariantCulture),
    };
}
