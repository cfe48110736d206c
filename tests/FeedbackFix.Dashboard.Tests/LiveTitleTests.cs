using FeedbackFix.Dashboard.Components.Pages;
using FeedbackFix.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace FeedbackFix.Dashboard.Tests;

public sealed class LiveTitleTests : DashboardTest
{
    private const string SetTitle = "feedbackFix.setTitle";

    private IReadOnlyList<string> TitlesSet() =>
        [.. JSInterop.Invocations[SetTitle].Select(call => (string)call.Arguments[0]!)];

    [Fact]
    public void A_live_page_sets_the_tabs_title_when_its_text_changes_and_not_when_it_stays()
    {
        var cut = Render<LiveTitle>(p => p.Add(t => t.Text, "Export drops a row"));

        cut.Render(p => p.Add(t => t.Text, "Export drops a row"));
        cut.Render(p => p.Add(t => t.Text, "CSV export loses its last row"));

        Assert.Equal(["CSV export loses its last row · FeedbackFix"], TitlesSet());
    }

    [Fact]
    public void While_the_page_loads_the_tab_keeps_its_title()
    {
        var cut = Render<LiveTitle>(p => p.Add(t => t.Text, "Export drops a row"));

        cut.Render(p => p.Add(t => t.Text, "Cluster").Add(t => t.Ready, false));
        cut.Render(p => p.Add(t => t.Text, "Login loops").Add(t => t.Ready, true));

        Assert.Equal(["Login loops · FeedbackFix"], TitlesSet());
    }

    [Fact]
    public void A_prerendered_page_leaves_the_title_to_the_head()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var cut = Render<LiveTitle>(p => p.Add(t => t.Text, "Export drops a row"));

        cut.Render(p => p.Add(t => t.Text, "CSV export loses its last row"));

        Assert.Empty(TitlesSet());
    }

    [Fact]
    public async Task Renaming_a_cluster_renames_its_tab()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster()))
            .Answer(HttpMethod.Get, "/clusters/c1/jobs", Samples.Jobs())
            .Answer(HttpMethod.Patch, "/clusters/c1", Samples.Cluster() with { Title = "CSV export loses its last row" });
        var cut = Render<Cluster>(p => p.Add(c => c.Id, "c1"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring")));
        var before = TitlesSet().Count;

        cut.Find("fluent-button[aria-label='Edit title and summary']").Click();
        cut.Find("#cluster-title-input").Input("CSV export loses its last row");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal("CSV export loses its last row · FeedbackFix", TitlesSet().Skip(before).Last()));
    }
}
