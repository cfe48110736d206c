using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Stats;
using FeedbackFix.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>The inbox's live refresh beside what its user does.</summary>
public sealed class InboxTests : DashboardTest
{
    private static readonly StatsResponse Stats = new(
        new FeedbackStats(6, 0, new Dictionary<string, long>()),
        new StatusCounts(2, new Dictionary<string, long> { ["new"] = 2 }),
        new StatusCounts(0, new Dictionary<string, long>()));

    [Theory]
    [InlineData("/?singles=true", false)]
    [InlineData("/?singles=TRUE", false)]
    [InlineData("/?singles=maybe", true)]
    [InlineData("/?singles=", true)]
    public void The_single_reports_choice_in_the_address_is_read_and_a_value_it_does_not_take_folds_them(string address, bool folded)
    {
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Samples.Cluster("c1")], null)).Answer(HttpMethod.Get, "/stats", Stats);
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var cut = Render<Inbox>();

        cut.WaitForAssertion(() => Assert.Equal(["/clusters/c1"], Links(cut)));
        var list = Api.Requests.Last(r => r.PathAndQuery.StartsWith("/clusters?", StringComparison.Ordinal)).PathAndQuery;
        Assert.Equal(folded, list.Contains("min_size=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_answered_after_the_user_paged_on_does_not_put_the_first_page_back()
    {
        var first = new Page<IssueCluster>([Samples.Cluster("c1")], "next-1");
        Api.Answer(HttpMethod.Get, "/clusters", first).Answer(HttpMethod.Get, "/stats", Stats);
        var cut = Render<Inbox>();
        cut.WaitForAssertion(() => Assert.Equal(["/clusters/c1"], Links(cut)));
        var stale = Api.AnswerLater(HttpMethod.Get, "/clusters", first);
        var loads = Api.Requests.Count(r => r.PathAndQuery.StartsWith("/clusters?", StringComparison.Ordinal));

        ((FakeTimeProvider)Services.GetRequiredService<TimeProvider>()).Advance(new DashboardOptions().RefreshInterval);
        cut.WaitForAssertion(() => Assert.Equal(loads + 1, Api.Requests.Count(r => r.PathAndQuery.StartsWith("/clusters?", StringComparison.Ordinal))));
        Api.Answer(HttpMethod.Get, "/clusters", new Page<IssueCluster>([Samples.Cluster("c2")], null));
        await cut.FindAll("fluent-button").Single(b => b.TextContent.Trim() == "Next").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(["/clusters/c2"], Links(cut)));
        var renders = cut.RenderCount;
        stale.SetResult();

        cut.WaitForAssertion(() => Assert.True(cut.RenderCount > renders));
        Assert.Equal(["/clusters/c2"], Links(cut));
        Assert.Contains("Page 2", cut.Find(".pager").TextContent);
    }

    private static IReadOnlyList<string?> Links(IRenderedComponent<Inbox> cut) =>
        [.. cut.FindAll("a.inbox-title").Select(a => a.GetAttribute("href"))];
}
