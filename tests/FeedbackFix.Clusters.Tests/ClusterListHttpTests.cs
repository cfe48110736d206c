using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Tests;

/// <summary>GET /clusters with q, min_size and sort, over a store of this class's own.</summary>
public sealed class ClusterListHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_filter_and_sort_combined_pages_through_the_matching_clusters_exactly_once_in_order()
    {
        var seeded = new List<(IssueCluster Cluster, string Title, int Size, DateTimeOffset Last, ClusterStatus Status)>();
        for (var i = 0; i < 24; i++)
        {
            var title = i % 3 == 0 ? $"Checkout CRASHES on step {i}" : $"Login is slow #{i}";
            var size = 1 + i % 4;
            var last = T0.AddMinutes((i * 7) % 24);
            var cluster = await SeedAsync(title, size, last);
            var status = i % 5 == 0 ? ClusterStatus.Ignored : ClusterStatus.New;
            if (status != ClusterStatus.New)
            {
                await app.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: status), StatusTransitions.UserMayMove);
            }
            seeded.Add((cluster, title, size, last, status));
        }

        var pages = await AllPagesAsync("/clusters?status=new&q=%20crashes%20&min_size=2&sort=last_seen&limit=2");

        var expected = seeded
            .Where(c => c.Status == ClusterStatus.New && c.Title.Contains("crashes", StringComparison.OrdinalIgnoreCase) && c.Size >= 2)
            .OrderByDescending(c => c.Last).ThenByDescending(c => c.Cluster.Id, StringComparer.Ordinal)
            .Select(c => c.Cluster.Id).ToList();
        Assert.True(expected.Count >= 3, "the seed should give more than one page");
        Assert.Equal(expected, pages.SelectMany(p => p).Select(c => c["id"]!.GetValue<string>()));
        Assert.All(pages.SkipLast(1), page => Assert.Equal(2, page.Count));
    }

    [Fact]
    public async Task A_page_shows_each_clusters_sources_and_first_and_last_report()
    {
        var cluster = await SeedAsync($"Sources {Guid.NewGuid():N}", 3, T0.AddHours(5));

        var page = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters?q={Uri.EscapeDataString(cluster.Title)}");

        var shown = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal("""{"github":1,"reddit":2}""", shown["sources"]!.ToJsonString());
        Assert.Equal("2026-04-01T13:58:00.000Z", shown["first_seen"]!.GetValue<string>());
        Assert.Equal("2026-04-01T14:00:00.000Z", shown["last_seen"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_describes_q_min_size_and_sort_and_each_cluster_its_counts_in_the_api_description()
    {
        var document = await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var parameters = document!["paths"]!["/clusters"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Superset(new HashSet<string> { "status", "q", "min_size", "sort", "cursor", "limit" }, parameters.ToHashSet());
        var cluster = document["components"]!["schemas"]!["IssueCluster"]!["properties"]!;
        Assert.NotNull(cluster["sources"]);
        Assert.NotNull(cluster["first_seen"]);
        Assert.NotNull(cluster["last_seen"]);
    }

    /// <summary>A cluster of <paramref name="size"/> reports whose latest is <paramref name="last"/>, a minute apart, alternating sources.</summary>
    private async Task<IssueCluster> SeedAsync(string title, int size, DateTimeOffset last)
    {
        FeedbackSource[] sources = [FeedbackSource.Reddit, FeedbackSource.Github];
        var ids = new List<string>();
        for (var i = 0; i < size; i++)
        {
            ids.Add((await app.Feedback.AddAsync(new NewFeedback(sources[i % 2], Guid.NewGuid().ToString("N"), title, "b", null, null, last.AddMinutes(-i)), null)).Id);
        }
        return await app.Clusters.CreateAsync(new NewCluster(title, "s", ids));
    }

    private async Task<List<List<JsonNode>>> AllPagesAsync(string path)
    {
        var pages = new List<List<JsonNode>>();
        string? cursor = null;
        do
        {
            var page = await app.Client.GetFromJsonAsync<JsonObject>(path + (cursor is null ? "" : "&cursor=" + cursor));
            pages.Add([.. page!["items"]!.AsArray().Select(i => i!)]);
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null && pages.Count < 100);
        return pages;
    }
}
