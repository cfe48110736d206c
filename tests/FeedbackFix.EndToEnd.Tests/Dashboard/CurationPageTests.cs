using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>
/// Curation on a cluster's page in a real browser against the whole system: merge into a cluster picked
/// by searching its title, move a selected report, and unmerge.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class CurationPageTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Merging_into_a_cluster_found_by_its_title_lands_on_it_with_the_merged_reports_and_the_merge_listed()
    {
        var (source, sourceReports) = await SeedAsync("Merge source", 2);
        var (target, targetReports) = await SeedAsync("Merge target", 1);
        var page = await OpenLiveAsync(source.Id);

        await page.GetByRole(AriaRole.Button, new() { Name = "Merge into…" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles: Cluster to merge into" }).FillAsync(UniquePart(target.Title));
        await page.GetByRole(AriaRole.Radio, new() { Name = target.Title }).CheckAsync();
        await DashboardBrowser.AssertAccessibleAsync(page);
        await DashboardBrowser.ScreenshotAsync(page, "curation-merge-dialog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(system.DashboardUrl, $"/clusters/{target.Id}").ToString());
        foreach (var title in sourceReports.Concat(targetReports))
        {
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Reports" }).GetByText(title, new() { Exact = true })).ToBeVisibleAsync();
        }
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Unmerge cluster {source.Id}" })).ToBeVisibleAsync();
        await Expect(page.Locator(".activity-entry", new() { HasText = $"Cluster {source.Id} was merged into this one" })).ToBeVisibleAsync();
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await DashboardBrowser.AssertAccessibleAsync(page);
        await DashboardBrowser.ScreenshotAsync(page, "curation-merged");
        await page.Locator("#activity-heading").ScrollIntoViewIfNeededAsync();
        await DashboardBrowser.ScreenshotAsync(page, "curation-activity");
    }

    [Fact]
    public async Task A_selected_report_moved_to_another_cluster_is_shown_there_and_no_longer_here()
    {
        var (from, fromReports) = await SeedAsync("Move from", 2);
        var (to, _) = await SeedAsync("Move to", 1);
        var moving = fromReports[0];
        var page = await OpenLiveAsync(from.Id);

        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select report: {moving}" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to…" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles: Cluster to move the reports to" }).FillAsync(UniquePart(to.Title));
        await page.GetByRole(AriaRole.Radio, new() { Name = to.Title }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();

        var movedNote = page.Locator(".moved-note");
        await Expect(movedNote).ToContainTextAsync("Reports moved to");
        await Expect(page.Locator(".report-title", new() { HasText = moving })).ToHaveCountAsync(0);
        await Expect(page.Locator(".report-title", new() { HasText = fromReports[1] })).ToBeVisibleAsync();
        await Expect(page.Locator(".activity-entry", new() { HasText = $"1 report moved to cluster {to.Id}" })).ToBeVisibleAsync();
        await DashboardBrowser.ScreenshotAsync(page, "curation-moved");
        // What the page shows is what the API holds.
        var left = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{from.Id}"));
        Assert.Equal([fromReports[1]], left.GetProperty("items").EnumerateArray().Select(item => item.Str("title")));

        await movedNote.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(system.DashboardUrl, $"/clusters/{to.Id}").ToString());
        await Expect(page.Locator(".report-title", new() { HasText = moving })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Unmerge_on_the_target_brings_the_merged_cluster_back_with_its_reports()
    {
        var (source, sourceReports) = await SeedAsync("Unmerge source", 2);
        var (target, targetReports) = await SeedAsync("Unmerge target", 1);
        var merged = await system.Api.PostAsync($"/clusters/{source.Id}/merge", Json.Body(new { into = target.Id }));
        Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        var page = await OpenLiveAsync(target.Id);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Unmerge cluster {source.Id}" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(system.DashboardUrl, $"/clusters/{source.Id}").ToString());
        foreach (var title in sourceReports)
        {
            await Expect(page.Locator(".report-title", new() { HasText = title })).ToBeVisibleAsync();
        }
        await Expect(page.Locator(".report-title", new() { HasText = targetReports[0] })).ToHaveCountAsync(0);
        await Expect(page.Locator(".merged-note")).ToHaveCountAsync(0);
        await Expect(page.Locator(".activity-entry", new() { HasText = $"Unmerged from cluster {target.Id}" })).ToBeVisibleAsync();
        await DashboardBrowser.AssertAccessibleAsync(page);
    }

    private async Task<IPage> OpenLiveAsync(string clusterId)
    {
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync($"/clusters/{clusterId}");
        await DashboardBrowser.WaitUntilLiveAsync(page);
        return page;
    }

    /// <summary>A cluster of <paramref name="reports"/> reports, its title and theirs unique to the test.</summary>
    private async Task<(IssueCluster Cluster, string[] Reports)> SeedAsync(string title, int reports)
    {
        var unique = Json.Unique(title);
        var titles = Enumerable.Range(1, reports).Select(i => $"{unique} report {i}").ToArray();
        var cluster = await system.SeedClusterAsync(unique, "Seeded for a curation test.", titles.Select(t =>
            new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), t, "Steps: open, click, see it.", null, "tester", DateTimeOffset.UtcNow)));
        return (cluster, titles);
    }

    /// <summary>The title's unique tail, which only its own cluster's title holds.</summary>
    private static string UniquePart(string title) => title[(title.LastIndexOf('-') + 1)..];
}
