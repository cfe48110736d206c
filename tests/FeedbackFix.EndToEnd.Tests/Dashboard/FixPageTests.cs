using System.Text.RegularExpressions;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>
/// Generate Fix in a real browser: the dialog on a cluster's page, then the job's page while the
/// agent works (the fixture's agent command, the fake GitHub and the bare repository).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class FixPageTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    private static readonly PageAssertionsToHaveURLOptions JobPageWithin = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions AgentWithin = new() { Timeout = 90_000 };

    [Fact]
    public async Task Generate_Fix_ends_on_the_job_page_with_live_log_lines_and_the_pull_request_link()
    {
        var cluster = await SeedClusterAsync("Export crashes on large files");
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync($"/clusters/{cluster.Id}");
        await DashboardBrowser.WaitUntilLiveAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Generate Fix" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Repository" })).ToHaveValueAsync(AppHostFixture.RepoUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start fix" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(JobPath(), JobPageWithin);
        var jobId = JobPath().Match(page.Url).Groups["id"].Value;
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await Expect(page.Locator(".job-log-line", new() { HasText = "edited FIXED.md" })).ToBeVisibleAsync(AgentWithin);
        var pull = page.Locator("a[href*='/pull/']");
        await Expect(pull).ToBeVisibleAsync(AgentWithin);
        var opened = Assert.Single(system.GitHub.PullRequests, p => p.HeadRef == $"feedbackfix/job-{jobId}");
        Assert.Equal(opened.HtmlUrl, await pull.GetAttributeAsync("href"));
        await Expect(page.Locator("h1").GetByText("succeeded")).ToBeVisibleAsync(AgentWithin);
        await DashboardBrowser.AssertAccessibleAsync(page);
        await DashboardBrowser.ScreenshotAsync(page, "job");
    }

    [Fact]
    public async Task Cancel_on_the_job_page_stops_a_running_fix()
    {
        var cluster = await SeedClusterAsync($"Upload hangs {AppHostFixture.SlowMarker}");
        var started = await system.Api.PostAsync($"/clusters/{cluster.Id}/start_fix", null);
        var jobId = (await Json.ReadAsync(started)).Str("job_id");
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync($"/jobs/{jobId}");
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await Expect(page.Locator(".job-log-line", new() { HasText = "thinking slowly" })).ToBeVisibleAsync(AgentWithin);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();

        await Expect(page.Locator("h1").GetByText("cancelled")).ToBeVisibleAsync();
        Assert.Equal("cancelled", (await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}"))).Str("status"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/jobs/(?<id>[A-Za-z0-9_-]+)$")]
    private static partial Regex JobPath();

    private Task<IssueCluster> SeedClusterAsync(string title) =>
        system.SeedClusterAsync($"{title} {Guid.NewGuid():N}", "Reported by several users.", Enumerable.Range(0, 2).Select(i =>
            new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), $"{title} ({i})", "Steps: open, click, boom.",
                null, "tester", DateTimeOffset.UtcNow)));
}
