using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;

namespace FeedbackFix.Contracts.Tests;

public sealed class ClusterCountsJsonTests
{
    private static readonly IssueCluster Cluster = new()
    {
        Id = "c1", Title = "CSV export", Summary = "s", Status = ClusterStatus.New,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Size = 4,
        Sources = new SourceCounts([new("reddit", 3), new("manual", 1)]),
        FirstSeen = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        LastSeen = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero),
    };

    [Fact]
    public void A_cluster_carries_its_reports_by_source_as_an_object_and_its_first_and_last_report_times()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(Cluster, ApiJson.Options));

        Assert.Equal("{\"manual\":1,\"reddit\":3}", document.RootElement.GetProperty("sources").GetRawText());
        Assert.Equal("2026-01-02T03:04:05.000Z", document.RootElement.GetProperty("first_seen").GetString());
        Assert.Equal("2026-02-03T04:05:06.000Z", document.RootElement.GetProperty("last_seen").GetString());
    }

    [Fact]
    public void A_cluster_not_counted_yet_has_empty_sources_and_no_times()
    {
        var uncounted = Cluster with { Sources = SourceCounts.Empty, FirstSeen = null, LastSeen = null };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(uncounted, ApiJson.Options));

        Assert.Equal("{}", document.RootElement.GetProperty("sources").GetRawText());
        Assert.False(document.RootElement.TryGetProperty("first_seen", out _));
        Assert.False(document.RootElement.TryGetProperty("last_seen", out _));
    }

    [Fact]
    public void Clusters_with_the_same_counts_are_equal_and_with_other_counts_are_not()
    {
        var same = Cluster with { Sources = new SourceCounts([new("manual", 1), new("reddit", 3)]) };
        var other = Cluster with { Sources = new SourceCounts([new("manual", 1), new("reddit", 4)]) };

        Assert.Equal(Cluster, same);
        Assert.Equal(Cluster.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(Cluster, other);
    }

    [Fact]
    public void A_cluster_reads_back_with_its_counts()
    {
        var read = JsonSerializer.Deserialize<IssueCluster>(JsonSerializer.Serialize(Cluster, ApiJson.Options), ApiJson.Options)!;

        Assert.Equal(Cluster.Sources, read.Sources);
        Assert.Equal((Cluster.FirstSeen, Cluster.LastSeen), (read.FirstSeen, read.LastSeen));
    }
}
