using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Dashboard.Components.Clusters;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>Curation on the cluster page: what it offers, when it holds back, and unmerge.</summary>
public sealed class ClusterCurationTests : DashboardTest
{
    private IRenderedComponent<Cluster> RenderCluster(string id, ClusterDetailResponse detail)
    {
        Api.Answer(HttpMethod.Get, $"/clusters/{id}", detail)
            .Answer(HttpMethod.Get, $"/clusters/{id}/jobs", Samples.Jobs())
            .Answer(HttpMethod.Get, $"/clusters/{id}/activity", Array.Empty<ClusterActivity>());
        var cut = Render<Cluster>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));
        return cut;
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Buttons(IRenderedComponent<Cluster> cut, params string[] names) =>
        [.. cut.FindAll("fluent-button").Where(b => names.Contains(b.TextContent.Trim()))];

    [Fact]
    public void While_fixing_curation_is_off_and_the_page_says_why()
    {
        var detail = Samples.Detail(Samples.Cluster(status: ClusterStatus.Fixing, activeJobId: "j1"), null, Samples.Report("f1"))
            with { MergedFrom = ["c0"] };

        var cut = RenderCluster("c1", detail);

        var curation = Buttons(cut, "Merge into…", "Move to…", "Split out…", "Unmerge");
        Assert.Equal(4, curation.Count);
        Assert.All(curation, b => Assert.True(b.HasAttribute("disabled"), b.TextContent));
        Assert.Contains("wait until the fix job ends", cut.Find(".curation-locked").TextContent);
    }

    [Fact]
    public void A_new_cluster_offers_merge_and_moving_once_a_report_is_selected()
    {
        var cut = RenderCluster("c1", Samples.Detail(Samples.Cluster(), null, Samples.Report("f1"), Samples.Report("f2")));

        Assert.False(Buttons(cut, "Merge into…").Single().HasAttribute("disabled"));
        Assert.True(Buttons(cut, "Move to…").Single().HasAttribute("disabled"));
        Assert.Empty(cut.FindAll(".curation-locked"));

        cut.Find("input[aria-label='Select report: Report f2']").Change(true);

        Assert.All(Buttons(cut, "Move to…", "Split out…"), b => Assert.False(b.HasAttribute("disabled")));
        Assert.Contains("1 selected", cut.Find(".selection-bar").TextContent);
    }

    [Fact]
    public async Task Unmerging_a_cluster_listed_as_merged_into_this_one_goes_to_it()
    {
        Api.Answer(HttpMethod.Post, "/clusters/c0/unmerge", Samples.Cluster("c0"));
        var cut = RenderCluster("c1", Samples.Detail(Samples.Cluster()) with { MergedFrom = ["c0"] });

        await cut.Find("fluent-button[aria-label='Unmerge cluster c0']").ClickAsync(new());

        Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Post && r.PathAndQuery == "/clusters/c0/unmerge");
        Assert.EndsWith("/clusters/c0", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Unmerging_the_merged_away_id_the_page_shows_shows_it_as_a_cluster_of_its_own_again_in_place()
    {
        var restored = Samples.Cluster("old") with { Title = "Sync is slow" };
        Api.Answer(HttpMethod.Post, "/clusters/old/unmerge", restored);
        var cut = RenderCluster("old", Samples.Detail(Samples.Cluster("c1")) with { MergedFrom = ["old"] });
        var address = Services.GetRequiredService<NavigationManager>().Uri;
        Api.Answer(HttpMethod.Get, "/clusters/old", Samples.Detail(restored));

        await cut.Find(".merged-note fluent-button").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Sync is slow", cut.Find("h1").TextContent));
        Assert.Empty(cut.FindAll(".merged-note"));
        Assert.Equal(address, Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_merged_away_id_offers_unmerge_and_a_refusal_is_shown_in_the_APIs_words()
    {
        Api.Problem(HttpMethod.Post, "/clusters/old/unmerge", 409, "Curation not possible",
            "Cluster 'old' was merged before merged clusters were kept; it cannot come back.");
        var cut = RenderCluster("old", Samples.Detail(Samples.Cluster("c1")) with { MergedFrom = ["old"] });

        await cut.Find(".merged-note fluent-button").ClickAsync(new());

        Assert.Contains("it cannot come back", cut.Find(".action-problem [role=alert]").TextContent);
        Assert.DoesNotContain("/clusters/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void The_activity_is_on_the_page()
    {
        var cut = RenderCluster("c1", Samples.Detail(Samples.Cluster()));

        Assert.Contains(Api.Requests, r => r.PathAndQuery == "/clusters/c1/activity");
        Assert.Equal("Activity", cut.Find("#activity-heading").TextContent);
    }

    [Fact]
    public async Task Reports_moved_away_leave_the_page_at_once_even_when_reloading_it_fails()
    {
        var cut = RenderCluster("c1", Samples.Detail(Samples.Cluster(), null, Samples.Report("f1"), Samples.Report("f2")));
        Api.Problem(HttpMethod.Get, "/clusters/c1", 503, "Service unavailable", "Redis is not answering.");

        await cut.InvokeAsync(() => cut.FindComponent<ReportList>().Instance.OnMoved.InvokeAsync(new ReportsMoved(Samples.Cluster("c2"), ["f1"])));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["Report f2"], cut.FindAll(".report-title").Select(title => title.TextContent));
            Assert.Contains("Reports moved to", cut.Find(".moved-note").TextContent);
            Assert.Contains("Redis is not answering.", cut.Markup);
        });
    }

    [Fact]
    public async Task An_answer_overtaken_by_a_move_does_not_bring_the_moved_report_back()
    {
        // The jobs list fails, so the page keeps asking again on its refresh timer.
        var before = Samples.Detail(Samples.Cluster(), null, Samples.Report("f1"), Samples.Report("f2"));
        Api.Answer(HttpMethod.Get, "/clusters/c1", before)
            .Problem(HttpMethod.Get, "/clusters/c1/jobs", 503, "Service unavailable", "Redis is not answering.")
            .Answer(HttpMethod.Get, "/clusters/c1/activity", Array.Empty<ClusterActivity>());
        var cut = Render<Cluster>(p => p.Add(c => c.Id, "c1"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".report-title").Count));
        var stale = Api.AnswerLater(HttpMethod.Get, "/clusters/c1", before);
        var loads = ClusterLoads();

        ((FakeTimeProvider)Services.GetRequiredService<TimeProvider>()).Advance(new DashboardOptions().RefreshInterval);
        cut.WaitForAssertion(() => Assert.Equal(loads + 1, ClusterLoads()));
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(), null, Samples.Report("f2")));
        await cut.InvokeAsync(() => cut.FindComponent<ReportList>().Instance.OnMoved.InvokeAsync(new ReportsMoved(Samples.Cluster("c2"), ["f1"])));
        var renders = cut.RenderCount;
        stale.SetResult();

        cut.WaitForAssertion(() => Assert.True(cut.RenderCount > renders));
        Assert.Equal(["Report f2"], cut.FindAll(".report-title").Select(title => title.TextContent));
    }

    private int ClusterLoads() => Api.Requests.Count(r => r.Method == HttpMethod.Get && r.PathAndQuery.StartsWith("/clusters/c1?", StringComparison.Ordinal));
}
