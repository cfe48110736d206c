using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FeedbackFix.EndToEnd.Tests.Dashboard;

/// <summary>
/// Debian's chromium driven by Playwright, launched once for the browser tests on first use
/// (Playwright cannot download a browser of its own here). <c>FEEDBACKFIX_CHROMIUM</c> names
/// another executable; <c>FEEDBACKFIX_SCREENSHOTS</c> a folder for the screenshots the tests take
/// (the README's come from <c>docs/images</c>), else they go beside the test assembly.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ExecutableVariable = "FEEDBACKFIX_CHROMIUM";
    public const string ScreenshotsVariable = "FEEDBACKFIX_SCREENSHOTS";
    private const string DefaultExecutable = "/usr/bin/chromium";

    // Pages are shown settled: a message bar fading in has, for that moment, too little contrast for axe and
    // looks half there in a screenshot. A sheet adopted by the document outlives the DOM patching of Blazor's
    // enhanced navigation, which a style element in the head would not.
    private const string WithoutAnimations = """
        const settled = new CSSStyleSheet();
        settled.replaceSync('*, *::before, *::after { animation-duration: 0s !important; animation-delay: 0s !important; animation-iteration-count: 1 !important; }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, settled];
        """;

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>A fresh page (its own cookies and storage) whose relative addresses go to <paramref name="dashboard"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri dashboard)
    {
        var browser = await LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = dashboard.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Generous: the suite shares two cores with the whole system, and a clustering burst can slow a page.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        await context.AddInitScriptAsync(WithoutAnimations);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waits until the page's live connection is up (a live page carries <c>data-live</c> once it runs
    /// interactively): what a user does before that lands on the prerendered page and is lost.
    /// </summary>
    public static Task WaitUntilLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-live='true']")).ToBeAttachedAsync();

    /// <summary>The page as it looks now, saved as <paramref name="name"/>.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = false });
    }

    /// <summary>Fails naming every serious or critical accessibility violation axe finds on the page.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Select(n => $"{n.Target} ({string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(check => check.Message))})"))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"{page.Url}: {string.Join(Environment.NewLine, blocking)}");
    }

    private async Task<IBrowser> LaunchAsync()
    {
        await _launch.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }
            var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : DefaultExecutable;
            if (!File.Exists(executable))
            {
                throw new InvalidOperationException(
                    $"No browser at {executable}: install Debian's chromium (apt-get install -y chromium) or set {ExecutableVariable}.");
            }
            Assertions.SetDefaultExpectTimeout(20_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _launch.Dispose();
    }
}
