using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>The feedback list, manual entry and the sources page in a real browser against the whole system.</summary>
[Collection(AppHostCollection.Name)]
public sealed partial class FeedbackAndSourcesPageTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_subreddit_added_on_Sources_is_listed_by_the_API_and_can_be_removed_again()
    {
        var name = $"e2e{Guid.NewGuid():N}"[..20];
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync("/sources");

        await page.GetByLabel("Add a subreddit").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        var remove = page.GetByRole(AriaRole.Button, new() { Name = $"Remove r/{name}" });
        await Expect(remove).ToBeVisibleAsync();
        Assert.Contains(name, await SubredditsAsync());
        await DashboardBrowser.AssertAccessibleAsync(page);

        await remove.ClickAsync();

        await Expect(remove).ToHaveCountAsync(0);
        Assert.DoesNotContain(name, await SubredditsAsync());
    }

    [Fact]
    public async Task A_report_entered_by_hand_is_stored_and_a_refused_one_keeps_what_was_typed_with_the_APIs_words_and_focus_on_the_first_field_refused()
    {
        var title = Json.Unique("Typed by hand: the onboarding video does not play");
        var page = await NewPageAsync(system.DashboardUrl);
        await page.GotoAsync("/feedback");

        await page.GetByLabel("Link to the original").FillAsync("not a link");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add report" }).ClickAsync();

        await Expect(page.GetByLabel("Link to the original")).ToHaveValueAsync("not a link");
        await Expect(page.GetByLabel("Link to the original")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Title" })).ToBeFocusedAsync();
        await DashboardBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Link to the original").FillAsync("https://support.example.com/tickets/1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add report" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(AddedAddress());
        await Expect(page.Locator(".report-title", new() { HasText = title })).ToBeVisibleAsync();
        var listed = await Json.ReadAsync(await system.Api.GetAsync("/feedback?source=manual&limit=200"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), item => item.Str("title") == title);
    }

    [Fact]
    public async Task The_jobs_list_and_the_webhook_addresses_pass_the_accessibility_check()
    {
        var page = await NewPageAsync(system.DashboardUrl);

        await page.GotoAsync("/jobs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Level = 1 })).ToBeVisibleAsync();
        await DashboardBrowser.AssertAccessibleAsync(page);

        await page.GotoAsync("/sources");
        await Expect(page.GetByLabel("Webhook URL").First).ToHaveValueAsync(new Regex("/ingest/(sentry|github)$"));
        await DashboardBrowser.AssertAccessibleAsync(page);
    }

    [GeneratedRegex(@"/feedback\?added=")]
    private static partial Regex AddedAddress();

    private async Task<List<string>> SubredditsAsync() =>
        [.. (await Json.ReadAsync(await system.Api.GetAsync("/config/reddit/subreddits"))).GetProperty("subreddits").EnumerateArray().Select(s => s.GetString()!)];
}
