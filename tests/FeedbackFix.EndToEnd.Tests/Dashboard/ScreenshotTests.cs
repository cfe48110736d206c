using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>
/// The README's pictures: the inbox and a cluster over seeded feedback of a small product, large
/// enough to lead the inbox whatever else the suite has written.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ScreenshotTests(AppHostFixture system, DashboardBrowser browser) : BrowserTest(browser)
{
    private static readonly (string Title, string Summary, int Reports, FeedbackSource[] Sources)[] Themes =
    [
        ("Sign-in loops back to the login page", "Users who sign in with Google land on the login page again instead of their workspace, mostly on Safari.", 48,
            [FeedbackSource.Reddit, FeedbackSource.Sentry, FeedbackSource.Github, FeedbackSource.Manual]),
        ("Android app crashes when opening a push notification", "Tapping a notification on Android 14 closes the app; Sentry shows a NullPointerException in NotificationRouter.", 37,
            [FeedbackSource.Sentry, FeedbackSource.Reddit]),
        ("CSV export of orders is empty", "The orders export downloads a file with only the header row when a date filter is set.", 29,
            [FeedbackSource.Github, FeedbackSource.Manual, FeedbackSource.Reddit]),
        ("Dark mode makes settings text unreadable", "Grey labels on a black background in Settings; people ask for more contrast.", 21,
            [FeedbackSource.Reddit, FeedbackSource.Manual]),
        ("Search ignores quoted phrases", "Quoted searches return results for the separate words instead of the phrase.", 14,
            [FeedbackSource.Github, FeedbackSource.Reddit]),
    ];

    [Fact]
    public async Task The_inbox_and_a_cluster_over_seeded_feedback_are_captured_for_the_README()
    {
        var now = DateTimeOffset.UtcNow;
        var clusters = new List<string>();
        foreach (var (title, summary, count, sources) in Themes)
        {
            var reports = Enumerable.Range(0, count).Select(i =>
            {
                var source = sources[i % sources.Length];
                return new NewFeedback(source, Json.Unique("shot"), Variant(title, i), summary, OriginalUrl(source, i), $"user{i}",
                    now.AddMinutes(-37 * (count - i)));
            });
            clusters.Add((await system.SeedClusterAsync(title, summary, reports)).Id);
        }
        var page = await NewPageAsync(system.DashboardUrl);

        await page.GotoAsync("/");
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await Expect(page.Locator($"a[href='/clusters/{clusters[0]}']")).ToBeVisibleAsync();
        await DashboardBrowser.ScreenshotAsync(page, "inbox");

        await page.GotoAsync($"/clusters/{clusters[0]}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Themes[0].Title, Level = 1 })).ToBeVisibleAsync();
        await DashboardBrowser.WaitUntilLiveAsync(page);
        await DashboardBrowser.ScreenshotAsync(page, "cluster");
    }

    private static string Variant(string title, int i) => (i % 4) switch
    {
        0 => title,
        1 => $"{title} (again today)",
        2 => $"Since the last update: {title.ToLowerInvariant()}",
        _ => $"{title}?",
    };

    private static string OriginalUrl(FeedbackSource source, int i) => source switch
    {
        FeedbackSource.Reddit => $"https://www.reddit.com/r/acmewidgets/comments/{1000 + i:x}/",
        FeedbackSource.Sentry => $"https://acme.sentry.io/issues/{4200 + i}/",
        FeedbackSource.Github => $"https://github.com/acme/widgets/issues/{300 + i}",
        _ => $"https://support.acme.example/tickets/{7000 + i}",
    };
}
