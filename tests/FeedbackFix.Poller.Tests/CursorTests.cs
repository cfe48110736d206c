namespace FeedbackFix.Poller.Tests;

public sealed class CursorTests
{
    [Fact]
    public async Task First_cycle_walks_back_with_after_and_sends_every_post_once_oldest_first_in_batches_of_at_most_100()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var published = scenario.Reddit.Subreddit("dotnet").Publish(250);

        var summary = await scenario.PollOnceAsync();

        var requests = scenario.Reddit.RequestsFor("dotnet");
        Assert.Equal(3, requests.Count);
        Assert.Null(requests[0].After);
        Assert.All(requests.Skip(1), r => Assert.NotNull(r.After));
        Assert.Equal(published.Select(p => p.Name), scenario.Reddit.IngestedNames);
        Assert.All(scenario.Reddit.Batches, b => Assert.InRange(b.Count, 1, 100));
        Assert.Equal(250, summary.Ingested);
        Assert.Equal(published[^1].Name, (string?)await scenario.Db.StringGetAsync("poller:reddit:dotnet:newest"));
    }

    [Fact]
    public async Task First_cycle_reads_no_more_than_MaxPagesPerCycle_pages()
    {
        await using var scenario = await PollerScenario.StartAsync(new() { ["Reddit:MaxPagesPerCycle"] = "2" });
        await scenario.ConfigureSubredditsAsync("dotnet");
        var published = scenario.Reddit.Subreddit("dotnet").Publish(250);

        await scenario.PollOnceAsync();

        Assert.Equal(2, scenario.Reddit.RequestsFor("dotnet").Count);
        Assert.Equal(published.Skip(50).Select(p => p.Name), scenario.Reddit.IngestedNames);
    }

    [Fact]
    public async Task Later_cycles_ask_only_for_posts_newer_than_the_cursor_with_before()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        var first = sub.Publish(30);
        await scenario.PollOnceAsync();
        var newer = sub.Publish(5);

        var summary = await scenario.PollOnceAsync();

        var second = scenario.Reddit.RequestsFor("dotnet")[1];
        Assert.Equal(first[^1].Name, second.Before);
        Assert.Equal(5, summary.Ingested);
        Assert.Equal(newer.Select(p => p.Name), scenario.Reddit.Batches[^1]);
        Assert.Equal(35, scenario.Reddit.IngestedNames.Distinct().Count());
        Assert.Equal(35, scenario.Reddit.IngestedNames.Count);
    }

    [Fact]
    public async Task More_than_a_page_of_newer_posts_is_read_forward_page_by_page()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        sub.Publish(10);
        await scenario.PollOnceAsync();
        var newer = sub.Publish(150);

        await scenario.PollOnceAsync();

        var forward = scenario.Reddit.RequestsFor("dotnet").Skip(1).ToList();
        Assert.All(forward, r => Assert.NotNull(r.Before));
        Assert.Equal(newer.Select(p => p.Name), scenario.Reddit.IngestedNames.Skip(10));
        Assert.Equal(newer[^1].Name, (string?)await scenario.Db.StringGetAsync("poller:reddit:dotnet:newest"));
    }

    [Fact]
    public async Task A_restarted_poller_neither_ingests_twice_nor_skips()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        var before = sub.Publish(120);
        await scenario.PollOnceAsync();

        await scenario.RestartAsync();
        var after = sub.Publish(7);
        var summary = await scenario.PollOnceAsync();

        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(7, summary.Ingested);
        Assert.Equal(before.Concat(after).Select(p => p.Name), scenario.Reddit.IngestedNames);
    }

    [Fact]
    public async Task A_deleted_cursor_post_is_stepped_around_with_the_recently_seen_set()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        var old = sub.Publish(20);
        await scenario.PollOnceAsync();
        sub.Delete(old[^1].Name);
        var fresh = sub.Publish(4);

        var summary = await scenario.PollOnceAsync();
        var later = sub.Publish(2);
        await scenario.PollOnceAsync();

        Assert.Contains(scenario.Reddit.RequestsFor("dotnet"), r => r.Before == old[^1].Name);
        Assert.Equal(4, summary.Ingested);
        Assert.Equal(old.Concat(fresh).Concat(later).Select(p => p.Name), scenario.Reddit.IngestedNames);
        // Unstuck: the last cycle asked for posts newer than an existing post again.
        Assert.Equal(fresh[^1].Name, scenario.Reddit.RequestsFor("dotnet")[^1].Before);
    }

    [Fact]
    public async Task A_cycle_with_nothing_new_sends_nothing_to_ingestion()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        scenario.Reddit.Subreddit("dotnet").Publish(3);
        await scenario.PollOnceAsync();

        var summary = await scenario.PollOnceAsync();

        Assert.Equal(0, summary.Fetched);
        Assert.Single(scenario.Reddit.Batches);
    }

    [Fact]
    public async Task The_cursor_moves_only_after_ingestion_accepted_the_batch()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var published = scenario.Reddit.Subreddit("dotnet").Publish(10);
        scenario.Reddit.IngestFailNext = 1_000;

        var failed = await scenario.PollOnceAsync();
        var cursorAfterFailure = await scenario.Db.StringGetAsync("poller:reddit:dotnet:newest");
        scenario.Reddit.IngestFailNext = 0;
        var retried = await scenario.PollOnceAsync();

        Assert.Equal(["dotnet"], failed.Failed);
        Assert.True(cursorAfterFailure.IsNull);
        Assert.Equal(10, retried.Ingested);
        Assert.Equal(published.Select(p => p.Name), scenario.Reddit.IngestedNames);
    }

    [Fact]
    public async Task A_post_ingestion_rejects_is_skipped_without_holding_back_the_rest()
    {
        await using var scenario = await PollerScenario.StartAsync();
        await scenario.ConfigureSubredditsAsync("dotnet");
        var sub = scenario.Reddit.Subreddit("dotnet");
        var published = sub.Publish(5);
        scenario.Reddit.RejectedPosts[published[2].Name] = true;

        var summary = await scenario.PollOnceAsync();
        var newer = sub.Publish(1);
        var next = await scenario.PollOnceAsync();

        Assert.Empty(summary.Failed);
        Assert.Equal(4, summary.Ingested);
        Assert.Equal(published.Where((_, i) => i != 2).Concat(newer).Select(p => p.Name), scenario.Reddit.IngestedNames);
        Assert.Equal(1, next.Ingested);
    }
}
