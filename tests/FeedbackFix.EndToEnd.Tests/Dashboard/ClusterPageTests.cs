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
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Reports" }).GetByText(report.Title, new() { Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator($"a[href='{report.Url}']")).ToBeVisibleAsync();
        }
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await DashboardBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_cluster_the_worker_made_lists_the_clusters_closest_in_meaning_and_merge_offers_them_first()
    {
        var ids = new List<string>();
        foreach (var text in new[] { "Push notifications arrive hours late on Android", "The search box ignores accented letters" })
        {
            var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title = text, external_id = Json.Unique("e2e-closest") }));
            ids.Add((await Json.ReadAsync(response)).Str("id"));
        }
        var clusterOf = await system.WaitForClustersAsync(ids, TimeSpan.FromSeconds(30));
        var page = await NewPageAsync(system.DashboardUrl);

        await page.GotoAsync($"/clusters/{clusterOf[ids[0]]}");

        var closest = page.GetByRole(AriaRole.List, new() { Name = "Clusters closest in meaning, closest first" });
        await Expect(closest.Locator(".similar-cluster").First).ToContainTextAsync("% alike");
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge into…" }).ClickAsync();
        await Expect(page.Locator(".picker-caption")).ToHaveTextAsync("Closest in meaning first");
        await Expect(page.Locator(".picker-choice .picker-similarity").First).ToContainTextAsync("% alike");
        await DashboardBrowser.AssertAccessibleAsync(page);
        await DashboardBrowser.ScreenshotAsync(page, "merge-dialog-closest");
    }

    [Fact]
    public async Task A_cluster_or_job_nobody_knows_is_a_404_page_that_says_which()
    {
        var page = await NewPageAsync(system.DashboardUrl);
        var clusterId = Json.Unique("no-such-cluster");

        var cluster = await page.GotoAsync($"/clusters/{clusterId}");

        Assert.Equal(404, cluster!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cluster not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(clusterId);
        await Expect(page).ToHaveTitleAsync("Cluster not found · FeedbackFix");

        var jobId = Json.Unique("no-such-job");
        var job = await page.GotoAsync($"/jobs/{jobId}");

        Assert.Equal(404, job!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Job not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(jobId);
    }
}
