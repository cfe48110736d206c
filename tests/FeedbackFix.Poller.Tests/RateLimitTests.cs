namespace FeedbackFix.Poller.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Requests_stay_within_RequestsPerMinute_in_any_window()
    {
        // The window is shortened to a second so the test sees several windows; the rule is the same.
        await using var scenario = await PollerScenario.StartAsync(
            new() { ["Reddit:RequestsPerMinute"] = "4" },
            options => options.RateWindow = TimeSpan.FromSeconds(1));
        await scenario.ConfigureSubredditsAsync("one", "two", "three");
        foreach (var name in new[] { "one", "two", "three" })
        {
            scenario.Reddit.Subreddit(name).Publish(250);
        }

        var summary = await scenario.PollOnceAsync();

        var times = scenario.Reddit.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(9, times.Count);
        // Arrival times lag send times by up to a connection's set-up on a busy machine; a shorter window absorbs that.
        var window = TimeSpan.FromMilliseconds(800);
        Assert.All(times, start => Assert.InRange(times.Count(t => t >= start && t < start + window), 1, 4));
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1.6), $"9 requests at 4 per second took only {times[^1] - times[0]}");
        Assert.Equal(750, summary.Ingested);
    }

    [Fact]
    public async Task A_429_is_honoured_by_waiting_its_Retry_After_and_retried_once()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        sub.Publish(5);
        sub.ThrottleNext = 1;
        sub.RetryAfterSeconds = 1;

        var summary = await scenario.PollOnceAsync();

        var requests = scenario.Reddit.RequestsFor("dotnet");
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {requests[1].At - requests[0].At}");
        Assert.Equal(5, summary.Ingested);
    }

    [Fact]
    public async Task Ratelimit_remaining_at_zero_holds_the_next_request_until_the_reset()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("one", "two");
        scenario.Reddit.Subreddit("one").Publish(3);
        scenario.Reddit.Subreddit("two").Publish(3);
        scenario.Reddit.SendRateLimitHeaders((0, 1));

        var summary = await scenario.PollOnceAsync();

        var times = scenario.Reddit.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"second request after {times[1] - times[0]}");
        Assert.Equal(6, summary.Ingested);
    }

    [Fact]
    public async Task A_5xx_is_retried_after_a_back_off()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        sub.Publish(5);
        sub.ErrorsNext = 1;

        var summary = await scenario.PollOnceAsync();

        Assert.Equal([500, 200], scenario.Reddit.RequestsFor("dotnet").Select(r => r.Status));
        Assert.Equal(5, summary.Ingested);
    }
}
