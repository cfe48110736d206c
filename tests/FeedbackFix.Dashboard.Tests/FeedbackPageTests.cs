using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Dashboard.Tests;

public sealed class FeedbackPageTests : DashboardTest
{
    private IRenderedComponent<Feedback> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        var cut = Render<Feedback>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("fluent-progress-ring[aria-label='Loading reports']")));
        return cut;
    }

    private string Link(IRenderedComponent<Feedback> cut, string text) =>
        cut.FindAll(".filter-bar a").Single(a => a.TextContent == text).GetAttribute("href")!;

    [Fact]
    public void The_filters_in_the_address_are_asked_of_the_API()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([], null));

        RenderAt("/feedback?source=github&unclustered=true&cursor=abc");

        Assert.Contains(Api.Requests, r => r.PathAndQuery == "/feedback?source=github&unclustered=true&cursor=abc&limit=25");
    }

    [Fact]
    public void A_source_link_keeps_the_grouping_filter_and_starts_from_the_newest()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([Samples.Report("f1")], "next1"));

        var cut = RenderAt("/feedback?unclustered=true&cursor=abc");

        Assert.Equal("/feedback?source=reddit&unclustered=true", Link(cut, "Reddit"));
        Assert.Equal("/feedback?unclustered=true", Link(cut, "All"));
    }

    [Fact]
    public void A_grouping_link_keeps_the_source_filter()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([Samples.Report("f1")], null));

        var cut = RenderAt("/feedback?source=sentry");

        Assert.Equal("/feedback?source=sentry&unclustered=true", Link(cut, "Not yet grouped"));
        Assert.Equal("/feedback?source=sentry", Link(cut, "All reports"));
        Assert.Equal("page", cut.FindAll(".filter-bar a").Single(a => a.TextContent == "Sentry").GetAttribute("aria-current"));
    }

    [Fact]
    public void The_next_page_link_carries_the_APIs_cursor_and_the_filters()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([Samples.Report("f1")], "next1"));

        var cut = RenderAt("/feedback?source=manual");

        Assert.Equal("/feedback?source=manual&cursor=next1", cut.FindAll(".pager a").Single(a => a.TextContent == "Older reports").GetAttribute("href"));
    }

    [Fact]
    public void A_report_links_to_its_original_in_a_new_tab_and_to_its_cluster()
    {
        var grouped = Samples.Report("f1", FeedbackSource.Reddit, "https://www.reddit.com/r/app/comments/abc/");
        var alone = Samples.Report("f2", FeedbackSource.Manual) with { ClusterId = null };
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([grouped, alone], null));

        var cut = RenderAt("/feedback");

        var rows = cut.FindAll(".report-row");
        var original = rows[0].QuerySelector("a[target=_blank]")!;
        Assert.Equal("https://www.reddit.com/r/app/comments/abc/", original.GetAttribute("href"));
        Assert.Equal("noopener", original.GetAttribute("rel"));
        Assert.Equal("/clusters/c1", rows[0].QuerySelectorAll("a").Last().GetAttribute("href"));
        Assert.Equal("not yet grouped", rows[1].QuerySelector(".not-grouped")!.TextContent);
        Assert.Null(rows[1].QuerySelector("a"));
    }

    [Fact]
    public void A_report_just_added_by_hand_is_confirmed_with_its_id_and_marked_in_the_list()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([Samples.Report("f9", FeedbackSource.Manual), Samples.Report("f1")], null));

        var cut = RenderAt("/feedback?added=f9");

        Assert.Contains("Added as f9", cut.Find("[role=status]").TextContent);
        Assert.Equal("Report f9", cut.Find(".report-row.added .report-title").TextContent);
    }

    [Fact]
    public void A_grouping_choice_in_the_address_it_does_not_take_shows_all_reports_not_an_error_page()
    {
        Api.Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([Samples.Report("f1")], null));

        var cut = RenderAt("/feedback?unclustered=perhaps&duplicate=1");

        Assert.Contains(Api.Requests, r => r.PathAndQuery == "/feedback?limit=25");
        Assert.Equal("Report f1", cut.Find(".report-title").TextContent);
    }

    [Fact]
    public void A_refusal_of_the_list_is_shown_in_the_APIs_words_with_a_way_back_to_the_newest()
    {
        Api.Problem(HttpMethod.Get, "/feedback", 400, "One or more validation errors occurred.", "Invalid request: cursor.",
            new() { ["cursor"] = ["cursor is not a cursor this API gave out; start again without it."] });

        var cut = RenderAt("/feedback?source=reddit&cursor=bogus");

        Assert.Contains("cursor is not a cursor this API gave out; start again without it.", cut.Find("[role=alert]").TextContent);
        var back = cut.Find(".pager a");
        Assert.Equal("Newest", back.TextContent);
        Assert.Equal("/feedback?source=reddit", back.GetAttribute("href"));
    }
}
