namespace FeedbackFix.Poller.Tests;

public sealed class IsolationTests
{
    [Fact]
    public async Task A_broken_subreddit_does_not_stop_the_others()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("aaa_broken", "bbb_gone", "ccc", "ddd");
        scenario.Reddit.Subreddit("aaa_broken").FailWith = 500;
        scenario.Reddit.Subreddit("bbb_gone").FailWith = 404;
        var ccc = scenario.Reddit.Subreddit("ccc").Publish(3);
        var ddd = scenario.Reddit.Subreddit("ddd").Publish(4);

        var summary = await scenario.PollOnceAsync();

        Assert.Equal(["aaa_broken", "bbb_gone"], summary.Failed);
        Assert.Equal(ccc.Concat(ddd).Select(p => p.Name), scenario.Reddit.IngestedNames);
        // A 5xx is tried MaxAttempts (4) times by the poller only; a 404 is not retried at all.
        Assert.Equal(4, scenario.Reddit.RequestsFor("aaa_broken").Count);
        Assert.Single(scenario.Reddit.RequestsFor("bbb_gone"));
    }

    [Fact]
    public async Task A_subreddit_added_or_removed_in_the_config_takes_effect_next_cycle_without_restart()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        scenario.Reddit.Subreddit("dotnet").Publish(2);
        var csharp = scenario.Reddit.Subreddit("csharp").Publish(3);
        await scenario.PollOnceAsync();

        await scenario.Db.SetAddAsync("config:reddit:subreddits", "csharp");
        await scenario.Db.SetRemoveAsync("config:reddit:subreddits", "dotnet");
        var dotnetRequestsBefore = scenario.Reddit.RequestsFor("dotnet").Count;
        var summary = await scenario.PollOnceAsync();

        Assert.Equal(1, summary.Subreddits);
        Assert.Equal(3, summary.Ingested);
        Assert.Equal(csharp.Select(p => p.Name), scenario.Reddit.Batches[^1]);
        Assert.Equal(dotnetRequestsBefore, scenario.Reddit.RequestsFor("dotnet").Count);
    }
}
