using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>Listing and counting need a store of their own: they see every item in it.</summary>
public sealed class FeedbackStoreListTests
{
    private static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(25, 5, 3)]
    [InlineData(25, 5, 5)]
    [InlineData(25, 25, 4)]
    [InlineData(40, 1, 5)]
    [InlineData(40, 1, 1)]
    [InlineData(7, 7, 50)]
    public async Task List_pages_newest_first_with_every_item_exactly_once_even_with_equal_timestamps(int count, int distinctTimes, int limit)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var added = new List<(string Id, DateTimeOffset CreatedAt)>();
        for (var i = 0; i < count; i++)
        {
            var createdAt = Base.AddMinutes(i % distinctTimes);
            added.Add((await stores.AddFeedbackAsync(createdAt), createdAt));
        }

        var pages = await Paging.AllPagesAsync(cursor => stores.Feedback.ListAsync(new FeedbackQuery(After: cursor, Limit: limit)));

        var expected = added.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).Select(a => a.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.Id));
        Assert.All(pages, p => Assert.True(p.Count <= limit));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(limit, p.Count));
    }

    [Fact]
    public async Task List_with_a_limit_above_the_item_count_gives_one_page_without_cursor()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.AddFeedbackAsync();
        await stores.AddFeedbackAsync();

        var page = await stores.Feedback.ListAsync(new FeedbackQuery(Limit: 10));

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task A_full_last_page_has_no_cursor()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        for (var i = 0; i < 4; i++)
        {
            await stores.AddFeedbackAsync();
        }

        var first = await stores.Feedback.ListAsync(new FeedbackQuery(Limit: 2));
        PageCursor.TryParse(first.NextCursor, out var cursor);
        var last = await stores.Feedback.ListAsync(new FeedbackQuery(After: cursor, Limit: 2));

        Assert.NotNull(first.NextCursor);
        Assert.Equal(2, last.Items.Count);
        Assert.Null(last.NextCursor);
    }

    [Fact]
    public async Task List_of_an_empty_store_is_an_empty_page_without_cursor()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);

        var page = await stores.Feedback.ListAsync(new FeedbackQuery());

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task List_does_not_repeat_or_shift_items_when_newer_ones_arrive_between_pages()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var older = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            older.Add(await stores.AddFeedbackAsync(Base.AddMinutes(i)));
        }
        var first = await stores.Feedback.ListAsync(new FeedbackQuery(Limit: 3));

        await stores.AddFeedbackAsync(Base.AddDays(1));
        PageCursor.TryParse(first.NextCursor, out var cursor);
        var second = await stores.Feedback.ListAsync(new FeedbackQuery(After: cursor, Limit: 3));

        Assert.Equal(older.AsEnumerable().Reverse(), first.Items.Concat(second.Items).Select(i => i.Id));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public async Task List_by_source_pages_through_only_that_source(int limit)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var reddit = new List<(string Id, DateTimeOffset CreatedAt)>();
        for (var i = 0; i < 30; i++)
        {
            var createdAt = Base.AddMinutes(i % 4);
            var source = i % 3 == 0 ? FeedbackSource.Reddit : FeedbackSource.Github;
            var id = await stores.AddFeedbackAsync(createdAt, source);
            if (source == FeedbackSource.Reddit)
            {
                reddit.Add((id, createdAt));
            }
        }

        var pages = await Paging.AllPagesAsync(cursor =>
            stores.Feedback.ListAsync(new FeedbackQuery(Source: FeedbackSource.Reddit, After: cursor, Limit: limit)));

        var expected = reddit.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).Select(a => a.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.Id));
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 3)]
    [InlineData(true, 40)]
    [InlineData(false, 1)]
    public async Task List_with_the_unclustered_filter_pages_through_exactly_the_matching_items(bool unclustered, int limit)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var all = new List<(string Id, DateTimeOffset CreatedAt)>();
        for (var i = 0; i < 150; i++)
        {
            var createdAt = Base.AddMinutes(i % 10);
            all.Add((await stores.AddFeedbackAsync(createdAt), createdAt));
        }
        var clustered = all.Where((_, i) => i % 4 == 1).Select(a => a.Id).ToHashSet();
        await stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", [.. clustered]));

        var pages = await Paging.AllPagesAsync(cursor =>
            stores.Feedback.ListAsync(new FeedbackQuery(Unclustered: unclustered, After: cursor, Limit: limit)));

        var expected = all
            .Where(a => clustered.Contains(a.Id) != unclustered)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Select(a => a.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.Id));
    }

    [Fact]
    public async Task List_by_source_and_unclustered_combines_both_filters()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var redditLoose = await stores.AddFeedbackAsync(Base, FeedbackSource.Reddit);
        var redditClustered = await stores.AddFeedbackAsync(Base, FeedbackSource.Reddit);
        await stores.AddFeedbackAsync(Base, FeedbackSource.Sentry);
        await stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", [redditClustered]));

        var page = await stores.Feedback.ListAsync(new FeedbackQuery(FeedbackSource.Reddit, Unclustered: true));

        Assert.Equal(redditLoose, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Count_gives_total_unclustered_and_per_source_numbers()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var reddit = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            reddit.Add(await stores.AddFeedbackAsync(source: FeedbackSource.Reddit));
        }
        await stores.AddFeedbackAsync(source: FeedbackSource.Github);
        await stores.AddFeedbackAsync(source: FeedbackSource.Github);
        var duplicate = TestData.Feedback(FeedbackSource.Manual);
        await stores.Feedback.AddAsync(duplicate, null);
        await stores.Feedback.AddAsync(duplicate, null);
        await stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", [reddit[0], reddit[1]]));

        var counts = await stores.Feedback.CountAsync();

        Assert.Equal(6, counts.Total);
        Assert.Equal(4, counts.Unclustered);
        Assert.Equal(3, counts.BySource[FeedbackSource.Reddit]);
        Assert.Equal(2, counts.BySource[FeedbackSource.Github]);
        Assert.Equal(1, counts.BySource[FeedbackSource.Manual]);
        Assert.Equal(0, counts.BySource[FeedbackSource.Sentry]);
    }
}
