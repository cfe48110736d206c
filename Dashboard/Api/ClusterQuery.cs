using System.Globalization;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Dashboard.Api;

/// <summary>
/// What the inbox asks <c>GET /clusters</c> for: a status, words in the title, the smallest size
/// shown (2 folds single reports away), the order, and the page.
/// </summary>
public sealed record ClusterQuery(
    ClusterStatus? Status = null,
    string? Search = null,
    int? MinSize = null,
    ClusterSort Sort = ClusterSort.Size,
    string? Cursor = null,
    int Limit = 50)
{
    public Dictionary<string, string?> ToParameters() => new()
    {
        ["status"] = Status?.ToApiName(),
        ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        ["min_size"] = MinSize?.ToString(CultureInfo.InvariantCulture),
        ["sort"] = Sort == ClusterSort.Size ? null : Sort.ToApiName(),
        ["cursor"] = Cursor,
        ["limit"] = Limit.ToString(CultureInfo.InvariantCulture),
    };
}
