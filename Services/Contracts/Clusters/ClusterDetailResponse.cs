using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// <c>GET /clusters/{id}</c>: the cluster's fields and one page of its feedback in one object;
/// pass <see cref="ItemsNextCursor"/> back as <c>items_cursor</c> for the next page.
/// </summary>
public sealed record ClusterDetailResponse : IssueCluster
{
    public ClusterDetailResponse()
    {
    }

    [SetsRequiredMembers]
    public ClusterDetailResponse(IssueCluster cluster, IReadOnlyList<FeedbackItem> items, string? itemsNextCursor)
        : base(cluster)
    {
        Items = items;
        ItemsNextCursor = itemsNextCursor;
    }

    [JsonPropertyOrder(1)]
    public IReadOnlyList<FeedbackItem> Items { get; init; } = [];

    [JsonPropertyOrder(1)]
    public string? ItemsNextCursor { get; init; }

    /// <summary>
    /// For a cluster without <c>github_repo_url</c>: the repository most of its reports map to
    /// (<c>GET /config/repositories</c>), which Generate Fix uses unless given another.
    /// </summary>
    [JsonPropertyOrder(1)]
    public string? SuggestedRepoUrl { get; init; }

    /// <summary>The clusters merged into this one that can still be unmerged.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<string> MergedFrom { get; init; } = [];

    /// <summary>The same clusters as <see cref="MergedFrom"/>, each as it was when merged.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<MergedCluster> MergedClusters { get; init; } = [];
}
