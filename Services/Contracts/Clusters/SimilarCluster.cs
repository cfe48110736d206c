using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// <c>GET /clusters/{id}/similar</c>: another cluster and how close it is in meaning, the cosine between
/// the two clusters' centroids (1 the same direction, 0 unrelated), rounded to three decimals.
/// </summary>
public sealed record SimilarCluster : IssueCluster
{
    public SimilarCluster()
    {
    }

    [SetsRequiredMembers]
    public SimilarCluster(IssueCluster cluster, double similarity)
        : base(cluster)
    {
        Similarity = similarity;
    }

    [JsonPropertyOrder(1)]
    public double Similarity { get; init; }
}
