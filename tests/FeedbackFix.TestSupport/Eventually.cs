using Xunit;

namespace FeedbackFix.TestSupport;

/// <summary>Polls a condition until it holds, failing the test when it does not within the time given.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what) =>
        TrueAsync(() => Task.FromResult(condition()), within, what);

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what) => TrueAsync(condition, within, () => what);

    /// <summary>As the others, with <paramref name="what"/> worked out only on failure, so it can say how things stood then.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan within, Func<string> what) =>
        TrueAsync(() => Task.FromResult(condition()), within, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out after {within.TotalSeconds} s waiting for {what()}.");
            }
            await Task.Delay(Poll);
        }
    }
}
