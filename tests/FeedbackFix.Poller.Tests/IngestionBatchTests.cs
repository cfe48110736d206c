namespace FeedbackFix.Poller.Tests;

public sealed class IngestionBatchTests
{
    // Reddit takes selftexts of up to 40,000 characters. This one is 10,200: about 19 KB as UTF-8, and 60 KB
    // written as \uXXXX escapes, as the default JSON encoder writes every non-ASCII character.
    private static readonly string LongCyrillicBody = string.Concat(Enumerable.Repeat("Приложение падает при сохранении. ", 300));

    [Fact]
    public async Task Long_posts_go_to_Ingestion_in_batches_under_its_body_limit_and_are_all_stored()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var published = scenario.Reddit.Subreddit("dotnet").Publish(30, LongCyrillicBody);

        var summary = await scenario.PollOnceAsync();

        Assert.Empty(summary.Failed);
        Assert.Equal(30, summary.Ingested);
        Assert.Equal(published.Select(p => p.Name), scenario.Reddit.IngestedNames);
        Assert.Equal(0, scenario.Reddit.IngestTooLarge);
        Assert.True(scenario.Reddit.Batches.Count > 1, "thirty posts of this size do not fit in one request");
    }

    [Fact]
    public async Task A_batch_Ingestion_answers_413_is_sent_again_one_post_at_a_time()
    {
        await using var scenario = await PollerScenario.StartAsync();
        scenario.Reddit.IngestMaxBodyBytes = 64 * 1024;
        await scenario.ConfigureSubredditsAsync("dotnet");
        var published = scenario.Reddit.Subreddit("dotnet").Publish(6, LongCyrillicBody);

        var summary = await scenario.PollOnceAsync();
        var next = await scenario.PollOnceAsync();

        Assert.Empty(summary.Failed);
        Assert.True(scenario.Reddit.IngestTooLarge > 0, "a batch larger than the fake's limit was sent");
        Assert.Equal(published.Select(p => p.Name), scenario.Reddit.IngestedNames);
        Assert.Equal(6, summary.Ingested);
        Assert.Equal(0, next.Fetched);
    }
}
