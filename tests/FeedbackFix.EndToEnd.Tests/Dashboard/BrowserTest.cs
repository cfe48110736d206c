using Microsoft.Playwright;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>
/// A test in the browser: the pages it opens are closed when it ends, so the live pages of earlier tests
/// do not go on asking the dashboard for updates, and loading the system, while later tests run.
/// </summary>
public abstract class BrowserTest(DashboardBrowser browser) : IAsyncLifetime
{
    private readonly List<IPage> _pages = [];

    /// <summary>A fresh page (its own cookies and storage) whose relative addresses go to <paramref name="dashboard"/>.</summary>
    protected async Task<IPage> NewPageAsync(Uri dashboard)
    {
        var page = await browser.NewPageAsync(dashboard);
        _pages.Add(page);
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }
}
