using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>A cluster's page in a real browser against the whole system.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ClusterPageTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_cluster_page_shows_its_reports_with_their_sources_and_links_to_the_originals()
    {
        var now = DateTimeOffset.UtcNow;
        NewFeedback[] reports =
        [
            new(FeedbackSource.Reddit, Json.Unique("t3"), "Login loops back to the sign-in page", "Every time I sign in I land on the sign-in page again.",
                "https://www.reddit.com/r/widgets/comments/abc123/login_loops/", "u_loop", now.AddHours(-3)),
            new(FeedbackSource.Sentry, Json.Unique("sentry"), "RedirectLoopException in AuthCallback", "RedirectLoopException: too many redirects",
                "https://acme.sentry.io/issues/4242/", null, now.AddHours(-2)),
            new(FeedbackSource.Github, Json.Unique("gh"), "Cannot stay signed in on Safari", "Safari 17 drops the session cookie after sign-in.",
                "https://github.com/acme/widgets/issues/77", "octocat", now.AddHours(-1)),
        ];
        var cluster = await system.SeedClusterAsync(Json.Unique("Sign-in loops"), "Users are sent back to the sign-in page.", reports);
        var page = await NewPageAsync(system.DashboardUrl);

        await page.GotoAsync($"/clusters/{cluster.Id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = cluster.Title, Level = 1 })).ToBeVisibleAsync();
        foreach (var report in reports)
        {
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Reports" }).GetByText(report.Title)).ToBeVisibleAsync();
            await Expect(page.Locator($"a[href='{report.Url}']")).ToBeVisibleAsync();
        }
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await DashboardBrowser.AssertAccessibleAsync(page);
    }
}
