using System.Text.Json.Serialization;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>A cluster with one page of its feedback items, written as the cluster's fields and the page in one object.</summary>
[JsonConverter(typeof(Json))]
public sealed record ClusterDetailResponse(IssueCluster Cluster, IReadOnlyList<FeedbackItem> Items, string? ItemsNextCursor)
{
    private sealed class Json : FlatJson<ClusterDetailResponse>
    {
        protected override object Record(ClusterDetailResponse answer) => answer.Cluster;

        protected override IEnumerable<(string Name, object? Value)> Additions(ClusterDetailResponse answer) =>
            [(nameof(Items), answer.Items), (nameof(ItemsNextCursor), answer.ItemsNextCursor)];
    }
}
