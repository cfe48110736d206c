using System.Globalization;
using Microsoft.Playwright;

namespace FeedbackFix.Bench.Dashboard;

/// <summary>
/// The job page in Debian's chromium, driven by Playwright (which cannot download a browser of its
/// own here). Times are taken inside the page with <c>performance.now()</c>, polled every animation
/// frame, so Playwright's own round trips do not count. Each load gets a fresh context, so a fresh
/// live connection; the first two loads are not counted.
/// </summary>
internal static class BrowserTiming
{
    private const int WarmUp = 2;

    public static async Task<BrowserResult> MeasureJobPageAsync(string chromium, Uri page, int lines, int runs, CancellationToken cancellationToken)
    {
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No browser at {chromium}: install Debian's chromium (apt-get install -y chromium), pass --chromium PATH or --no-browser.");
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

        // JobLog's state reads "10,000 lines" once every page of the log is in (an ended job's log is not followed).
        var allLines = lines.ToString("N0", CultureInfo.InvariantCulture) + " lines";
        var html = new List<double>();
        var firstLine = new List<double>();
        var live = new List<double>();
        var all = new List<double>();
        var bottom = new List<double>();
        var top = new List<double>();
        for (var run = 0; run < WarmUp + runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
                Locale = "en-US",
            });
            context.SetDefaultTimeout(60_000);
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            // The prerendered HTML holds the log's first lines: its first paint shows them.
            var first = await WhenAsync(tab,
                "document.getElementById('L1') && performance.getEntriesByName('first-contentful-paint').length ? performance.getEntriesByName('first-contentful-paint')[0].startTime : 0");
            var received = await tab.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
            var connected = await WhenAsync(tab, "document.querySelector(\"[data-live='true']\") ? performance.now() : 0");
            var shown = await WhenAsync(tab,
                $"document.getElementById('L1') && document.querySelector('.job-log-state')?.textContent.trim() === '{allLines}' ? performance.now() : 0");
            var end = await ScrollAsync(tab, "log.scrollHeight", $"L{lines}");
            var start = await ScrollAsync(tab, "0", "L1");
            if (run >= WarmUp)
            {
                html.Add(received);
                firstLine.Add(first);
                live.Add(connected);
                all.Add(shown);
                bottom.Add(end);
                top.Add(start);
            }
        }
        html.Sort();
        firstLine.Sort();
        live.Sort();
        all.Sort();
        bottom.Sort();
        top.Sort();
        return new BrowserResult(html, firstLine, live, all, bottom, top);
    }

    /// <summary>Sets the log's scrollTop to <paramref name="scrollTop"/>; the milliseconds until line <paramref name="lineId"/> is wholly inside the log's box.</summary>
    private static async Task<double> ScrollAsync(IPage tab, string scrollTop, string lineId)
    {
        await tab.EvaluateAsync($"() => {{ const log = document.querySelector('.job-log'); window.benchScrolledAt = performance.now(); log.scrollTop = {scrollTop}; }}");
        return await WhenAsync(tab, $$"""
            (() => {
              const line = document.getElementById('{{lineId}}');
              if (!line) return 0;
              const a = line.getBoundingClientRect(), b = document.querySelector('.job-log').getBoundingClientRect();
              return a.height > 0 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1 ? Math.max(performance.now() - window.benchScrolledAt, 0.01) : 0;
            })()
            """);
    }

    /// <summary>Polls <paramref name="expression"/> every animation frame until it is non-zero; answers its value.</summary>
    private static async Task<double> WhenAsync(IPage tab, string expression)
    {
        var handle = await tab.WaitForFunctionAsync($"() => {expression}");
        return await handle.JsonValueAsync<double>();
    }
}
