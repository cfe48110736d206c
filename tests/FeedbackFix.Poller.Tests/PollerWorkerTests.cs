namespace FeedbackFix.Poller.Tests;

public sealed class PollerWorkerTests
{
    [Fact]
    public async Task The_hosted_loop_polls_again_every_PollInterval()
    {
        await using var scenario = await PollerScenario.StartAsync(new() { ["Reddit:PollInterval"] = "00:00:00.200" });
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        var first = sub.Publish(3);
        await using var host = scenario.Build(withWorker: true);

        await host.StartAsync();
        await WaitUntilAsync(() => scenario.Reddit.IngestedNames.Count == 3);
        var second = sub.Publish(2);
        await WaitUntilAsync(() => scenario.Reddit.IngestedNames.Count == 5);
        await host.StopAsync();

        Assert.Equal(first.Concat(second).Select(p => p.Name), scenario.Reddit.IngestedNames);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the poller");
            await Task.Delay(50);
        }
    }
}
