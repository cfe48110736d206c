using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Dashboard.Components.Clusters;

namespace FeedbackFix.Dashboard.Tests;

public sealed class ReportListTests : DashboardTest
{
    [Fact]
    public void A_long_body_is_cut_to_a_one_paragraph_excerpt()
    {
        var excerpt = ReportList.Excerpt("First line\n\n" + new string('x', 400));

        Assert.StartsWith("First line xxx", excerpt);
        Assert.EndsWith("…", excerpt);
        Assert.True(excerpt.Length <= 281);
    }

    [Theory]
    [InlineData(FeedbackSource.Sentry, "https://sentry.io/organizations/acme/issues/42/", "Sentry issue")]
    [InlineData(FeedbackSource.Github, "https://github.com/acme/app/issues/3", "GitHub issue")]
    [InlineData(FeedbackSource.Reddit, "https://www.reddit.com/r/app/comments/abc/", "Reddit post")]
    public void The_original_is_named_after_its_source(FeedbackSource source, string url, string label)
    {
        Assert.Equal((url, label), ReportList.Original(Samples.Report("f1", source, url)));
    }

    [Fact]
    public void A_report_without_a_web_address_has_no_link()
    {
        Assert.Null(ReportList.Original(Samples.Report("f1", FeedbackSource.Manual, "javascript:alert(1)")));
    }

    [Fact]
    public async Task Older_reports_are_asked_for_with_the_cursor_and_newer_ones_come_back()
    {
        Api.Answer(HttpMethod.Get, "/clusters/c1", Samples.Detail(Samples.Cluster(), null, Samples.Report("f3")));
        var cut = Render<ReportList>(p => p
            .Add(r => r.ClusterId, "c1")
            .Add(r => r.Items, [Samples.Report("f1"), Samples.Report("f2")])
            .Add(r => r.NextCursor, "cur-2"));

        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Older").ClickAsync(new());

        Assert.Equal("/clusters/c1?items_cursor=cur-2&items_limit=20", Api.Requests.Single().PathAndQuery);
        Assert.Equal(["Report f3"], cut.FindAll(".report-title").Select(t => t.TextContent));
        Assert.Contains("Page 2", cut.Find(".pager").TextContent);
    }
}
