using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

public sealed class JobsPageTests : DashboardTest
{
    private FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static string[] JobLinks(IRenderedComponent<Jobs> cut) =>
        [.. cut.FindAll("table.data-table tbody tr td:first-child a").Select(a => a.TextContent)];

    [Fact]
    public void A_listed_job_that_moves_on_is_shown_as_it_now_is_on_the_next_refresh_without_a_reload()
    {
        Api.Answer(HttpMethod.Get, "/jobs", Samples.Jobs(Samples.Job("j1", JobStatus.Running)));
        Navigation.NavigateTo("/jobs?status=running");
        var cut = Render<Jobs>();
        cut.WaitForAssertion(() => Assert.Equal(["j1"], JobLinks(cut)));

        Api.Answer(HttpMethod.Get, "/jobs", Samples.Jobs(Samples.Job("j1", JobStatus.Succeeded)));
        Clock.Advance(new DashboardOptions().RefreshInterval);

        cut.WaitForAssertion(() => Assert.Equal("succeeded", cut.Find("table.data-table tbody tr .status-badge").TextContent));
        Assert.Equal(["j1"], JobLinks(cut));
    }

    [Fact]
    public void Another_tab_whose_load_fails_shows_the_refusal_and_none_of_the_tab_before()
    {
        Api.Answer(HttpMethod.Get, "/jobs", Samples.Jobs(Samples.Job("j1", JobStatus.Failed)));
        Navigation.NavigateTo("/jobs?status=failed");
        var cut = Render<Jobs>();
        cut.WaitForAssertion(() => Assert.Equal(["j1"], JobLinks(cut)));

        Api.Problem(HttpMethod.Get, "/jobs", 503, "Service Unavailable", "The store is unreachable.");
        Navigation.NavigateTo("/jobs?status=succeeded");

        cut.WaitForAssertion(() => Assert.Contains("The store is unreachable.", cut.Find("[role=alert]").TextContent));
        Assert.Empty(JobLinks(cut));
    }

    [Fact]
    public void A_page_refused_for_its_cursor_shows_why_and_links_to_the_first_page_of_the_tab()
    {
        Api.Problem(HttpMethod.Get, "/jobs", 400, "One or more validation errors occurred.", "Invalid request: cursor.",
            new() { ["cursor"] = ["cursor was given out for another list (another sort, status, source or cluster); start again without it."] });
        Navigation.NavigateTo("/jobs?status=failed&cursor=of-another-list");
        var cut = Render<Jobs>();

        cut.WaitForAssertion(() => Assert.Contains("given out for another list", cut.Find("[role=alert]").TextContent));
        var back = cut.Find(".pager a");
        Assert.Equal("First page", back.TextContent);
        Assert.Equal("/jobs?status=failed", back.GetAttribute("href"));
    }
}
