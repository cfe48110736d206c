using System.Text.Json.Serialization;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>A cluster with one page of its feedback items.</summary>
public sealed record ClusterDetailResponse : ClusterResponse
{
    public ClusterDetailResponse(IssueCluster cluster, IReadOnlyList<FeedbackItem> items, string? itemsNextCursor)
        : base(From(cluster))
    {
        Items = items;
        ItemsNextCursor = itemsNextCursor;
    }

    [JsonPropertyOrder(1)]
    public IReadOnlyList<FeedbackItem> Items { get; }

    [JsonPropertyOrder(2)]
    public string? ItemsNextCursor { get; }
}
