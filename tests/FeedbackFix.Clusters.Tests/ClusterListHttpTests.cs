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
    public async Task The_last_page_says_so_with_a_next_cursor_of_null_as_the_api_description_requires()
    {
        var cluster = await SeedAsync($"Last page {Guid.NewGuid():N}", 1, T0);

        var page = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters?q={Uri.EscapeDataString(cluster.Title)}");

        Assert.True(page!.TryGetPropertyValue("next_cursor", out var next), page.ToJsonString());
        Assert.Null(next);
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

    [Fact]
    public async Task An_unknown_sort_is_a_400_problem_naming_sort_and_every_allowed_value()
    {
        var response = await app.Client.GetAsync("/clusters?sort=rising");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ClustersApp.ReadJsonAsync(response);
        var message = Assert.Single(problem["errors"]!["sort"]!.AsArray())!.GetValue<string>();
        Assert.Equal("sort must be one of: size, last_seen, trend, first_seen.", message);
    }

    [Fact]
    public async Task Paging_with_sort_trend_follows_next_cursor_through_every_cluster_once_highest_trend_first()
    {
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var seeded = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            seeded.Add((await SeedAsync($"Trend {marker} {i}", 1 + i, now.AddDays(-i))).Id);
        }

        var pages = await AllPagesAsync($"/clusters?q={marker}&sort=trend&limit=2");
        var listed = pages.SelectMany(p => p).ToList();

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(seeded.Order(StringComparer.Ordinal), listed.Select(c => c["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var trends = listed.Select(c => c["trend"]!.GetValue<double>()).ToList();
        Assert.Equal(trends.OrderDescending(), trends);
        Assert.True(trends[0] > 0);
    }

    [Fact]
    public async Task A_page_shows_each_clusters_trend_escalating_and_its_thirty_daily_counts()
    {
        var cluster = await SeedAsync($"Daily {Guid.NewGuid():N}", 3, DateTimeOffset.UtcNow);

        var page = await app.Client.GetFromJsonAsync<JsonObject>($"/clusters?q={Uri.EscapeDataString(cluster.Title)}&sort=trend");

        var shown = Assert.Single(page!["items"]!.AsArray())!;
        var days = shown["daily_counts"]!.AsArray().Select(d => d!.GetValue<long>()).ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(3, days.Sum());
        Assert.True(shown["trend"]!.GetValue<double>() > 0);
        Assert.Equal(days[^1] >= 3, shown["escalating"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_api_description_names_the_sorts_and_each_clusters_trend_fields()
    {
        var document = await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var sort = document!["paths"]!["/clusters"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "sort")!;
        Assert.Contains("trend", sort["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("first_seen", sort["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var cluster = document["components"]!["schemas"]!["IssueCluster"]!["properties"]!;
        Assert.NotNull(cluster["trend"]);
        Assert.NotNull(cluster["escalating"]);
        Assert.NotNull(cluster["daily_counts"]);
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
