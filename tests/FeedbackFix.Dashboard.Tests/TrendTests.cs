using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Stats;
using FeedbackFix.Dashboard.Components.Clusters;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The trend sort, the inbox's sparklines and escalating marker, and the cluster page's volume chart.</summary>
public sealed class TrendTests : DashboardTest
{
    /// <summary>29 quiet days with one report every third day, then 6 today.</summary>
    private static readonly DailyCounts Rising = new([.. Enumerable.Range(0, 29).Select(i => i % 3 == 0 ? 1L : 0L), 6L]);

    private static readonly StatsResponse Stats = new(
        new FeedbackStats(16, 0, new Dictionary<string, long>()),
        new StatusCounts(1, new Dictionary<string, long> { ["new"] = 1 }),
        new StatusCounts(0, new Dictionary<string, long>()));

    private IRenderedComponent<Inbox> RenderInboxAt(string address, IssueCluster cluster)
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([cluster], null))
            .Answer(HttpMethod.Get, "/stats", Stats);
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));
        return cut;
    }

    [Fact]
    public void The_inbox_at_sort_trend_asks_the_api_for_the_trend_order_and_offers_it_as_rising_first()
    {
        var cut = RenderInboxAt("/?sort=trend", Samples.Cluster() with { DailyCounts = Rising, Escalating = true, Trend = 4.2 });

        Assert.Contains(Api.Requests, r => r.PathAndQuery == "/clusters?min_size=2&sort=trend&limit=50");
        Assert.Contains("Rising first", cut.FindAll("fluent-option").Select(o => o.TextContent.Trim()));
    }

    [Fact]
    public void Each_inbox_row_shows_a_sparkline_of_its_thirty_days_and_an_escalating_cluster_is_marked()
    {
        var cut = RenderInboxAt("/?sort=trend", Samples.Cluster() with { DailyCounts = Rising, Escalating = true, Trend = 4.2 });

        var sparkline = cut.Find("svg.sparkline");
        Assert.Equal(30, sparkline.QuerySelector("polyline")!.GetAttribute("points")!.Split(' ').Length);
        Assert.Equal("16 reports in the last 30 days, 6 today, at most 6 on one day", sparkline.GetAttribute("aria-label"));
        Assert.Equal("Escalating", cut.Find("fluent-badge.escalating").TextContent.Trim());
    }

    [Fact]
    public void A_long_title_truncates_in_its_own_element_and_the_escalating_badge_stays_beside_it()
    {
        // The grid's cells clip what overflows them; a badge inside the truncated text would be cut off with it.
        const string title = "App crashes when I tap a notification while the app is in the background on Android 14 after the update";
        var cut = RenderInboxAt("/", Samples.Cluster() with { Title = title, DailyCounts = Rising, Escalating = true });

        var link = cut.Find("a.inbox-title");
        var badge = cut.Find("fluent-badge.escalating");
        Assert.Equal(title, link.TextContent);
        Assert.Equal(title, link.GetAttribute("title"));
        Assert.Null(link.QuerySelector(".escalating"));
        Assert.Same(link.ParentElement, badge.ParentElement);
        Assert.Contains("inbox-cluster", badge.ParentElement!.ClassList);
    }

    [Fact]
    public void A_cluster_that_is_not_escalating_has_no_marker()
    {
        var cut = RenderInboxAt("/", Samples.Cluster() with { DailyCounts = Rising, Escalating = false });

        Assert.Empty(cut.FindAll("fluent-badge.escalating"));
    }

    [Fact]
    public void The_sparkline_peaks_at_the_top_on_the_busiest_day_and_rests_on_the_baseline_on_quiet_days()
    {
        var cut = Render<Sparkline>(p => p.Add(s => s.Counts, Rising));

        var points = cut.Find("polyline").GetAttribute("points")!.Split(' ').Select(p => p.Split(',')).ToList();
        Assert.Equal(["94", "2"], points[^1]);
        Assert.Equal("22", points[1][1]);
    }

    [Fact]
    public void The_cluster_page_draws_thirty_bars_each_naming_its_day_and_count()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster() with { DailyCounts = Rising, Escalating = true }))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs());

        var cut = Render<Cluster>(p => p.Add(c => c.Id, "c1"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));

        var bars = cut.FindAll(".volume-chart g.bar");
        Assert.Equal(30, bars.Count);
        Assert.Equal("5 Nov: 1 report", bars[0].GetAttribute("aria-label"));
        Assert.Equal("4 Dec: 6 reports", bars[^1].GetAttribute("aria-label"));
        Assert.Contains("today", bars[^1].ClassList);
        Assert.Equal("Reports per day: 16 reports in the last 30 days, 6 today, at most 6 on one day", cut.Find(".volume-chart title").TextContent);
        Assert.Equal("Escalating", cut.Find(".cluster-meta fluent-badge.escalating").TextContent.Trim());
    }
}
