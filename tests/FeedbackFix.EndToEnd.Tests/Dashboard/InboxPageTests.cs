using System.Text.RegularExpressions;
using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>The inbox in a real browser against the whole system.</summary>
[Collection(AppHostCollection.Name)]
public sealed class InboxPageTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    private static readonly TimeSpan GroupedWithin = TimeSpan.FromSeconds(60);

    private static readonly string[][] Themes =
    [
        [
            "Dark mode makes the settings page text unreadable",
            "Settings page text is unreadable in dark mode",
            "In dark mode I cannot read the text on the settings page",
        ],
        [
            "The app crashes when I tap a push notification on Android",
            "Tapping a push notification crashes the Android app",
            "Android app crash every time I open a push notification",
        ],
        [
            "Exporting my orders to CSV gives an empty file",
            "CSV export of orders downloads an empty file",
            "The orders CSV export file is empty",
        ],
    ];

    [Fact]
    public async Task Reports_on_three_themes_show_up_as_clusters_in_the_open_inbox_without_a_reload()
    {
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync("/?sort=last_seen&singles=true");
        await DashboardBrowser.WaitUntilLiveAsync(page);

        var themeOf = new Dictionary<string, int>();
        for (var theme = 0; theme < Themes.Length; theme++)
        {
            foreach (var title in Themes[theme])
            {
                themeOf[await IngestAsync(title)] = theme;
            }
        }
        var clusterOf = await system.WaitForClustersAsync([.. themeOf.Keys], GroupedWithin);

        var clusterOfTheme = themeOf.GroupBy(t => t.Value, t => clusterOf[t.Key]).Select(reports => Assert.Single(reports.Distinct())).ToList();
        Assert.Equal(Themes.Length, clusterOfTheme.Distinct().Count());
        foreach (var cluster in clusterOf.Values.Distinct())
        {
            var row = page.Locator($"a[href='/clusters/{cluster}']");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        await DashboardBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Typing_in_the_search_box_puts_the_search_in_the_address()
    {
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync("/?singles=true");
        await DashboardBrowser.WaitUntilLiveAsync(page);

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles" }).FillAsync("quoted phrases");

        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=quoted(%20|\+)phrases"));
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles" })).ToHaveValueAsync("quoted phrases");
    }

    [Fact]
    public async Task Search_keeps_only_the_clusters_whose_title_matches_and_says_so_when_none_does()
    {
        var id = await IngestAsync("Search in the help centre returns nothing for quoted phrases");
        var cluster = (await system.WaitForClustersAsync([id], GroupedWithin))[id];
        var page = await NewPageAsync(system.DashboardUrl);

        // The worker may relabel the cluster meanwhile: search for the title it has when the page asks.
        var title = (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster}"))).Str("title");
        await page.GotoAsync("/?singles=true&q=" + Uri.EscapeDataString(title));
        var link = page.Locator($"a[href='/clusters/{cluster}']");
        for (var attempt = 0; attempt < 3 && !await link.IsVisibleAsync(); attempt++)
        {
            var now = (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster}"))).Str("title");
            await page.GotoAsync("/?singles=true&q=" + Uri.EscapeDataString(now));
        }

        await Expect(link).ToBeVisibleAsync();
        await page.GotoAsync("/?q=no-cluster-is-called-this-" + Guid.NewGuid().ToString("N"));
        await Expect(page.GetByRole(AriaRole.Paragraph).GetByText("No cluster's title contains")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status).GetByText("No cluster's title contains")).ToBeAttachedAsync();
    }

    [Fact]
    public async Task Reached_by_a_link_a_live_page_has_focus_on_its_heading_as_every_page_has()
    {
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync("/feedback");

        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox", Exact = true }).First.ClickAsync();

        await DashboardBrowser.WaitUntilLiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeFocusedAsync();
    }

    private async Task<string> IngestAsync(string title)
    {
        var response = await system.Api.PostAsync("/ingest/manual", Json.Body(new { title, external_id = Json.Unique("e2e-inbox") }));
        // 200 is the same report stored once: sent again after a 503 (RetryWhenUnavailable) whose add had gone through.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
        return (await Json.ReadAsync(response)).Str("id");
    }
}
