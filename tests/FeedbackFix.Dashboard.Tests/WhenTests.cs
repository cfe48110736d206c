using FeedbackFix.Dashboard.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Dashboard.Tests;

public sealed class WhenTests : BunitContext
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    public WhenTests() => Services.AddSingleton<TimeProvider>(_time);

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(5 * 60, "5 min ago")]
    [InlineData(3 * 3600, "3 h ago")]
    [InlineData(2 * 86400, "2 d ago")]
    public void A_recent_moment_reads_as_time_ago(int secondsAgo, string expected)
    {
        var cut = Render<When>(p => p.Add(w => w.Value, _time.GetUtcNow().AddSeconds(-secondsAgo)));

        Assert.Equal(expected, cut.Find("time").TextContent);
    }

    [Fact]
    public void The_exact_UTC_time_is_on_hover_and_in_the_markup()
    {
        var moment = new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero);

        var cut = Render<When>(p => p.Add(w => w.Value, moment));

        Assert.Equal("2026-12-04 11:00:00 UTC", cut.Find("time").GetAttribute("title"));
        Assert.Equal("2026-12-04T11:00:00.0000000+00:00", cut.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public void No_moment_reads_as_never()
    {
        var cut = Render<When>();

        Assert.Equal("never", cut.Find("span").TextContent);
    }
}
