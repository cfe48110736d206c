using System.Buffers.Text;
using System.Text;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;

namespace FeedbackFix.Domain.Tests;

/// <summary>A cursor round-trips, names the list it pages, and one from before lists were named still parses.</summary>
public sealed class PageCursorTests
{
    [Fact]
    public void A_cursor_round_trips_with_its_list_and_one_without_a_list_pages_any()
    {
        var cursor = new PageCursor(1_700_000_000_000.5, "abc", JobStore.ListOf(null));

        Assert.True(PageCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.True(parsed.Pages(JobStore.ListOf(null)));
        Assert.False(parsed.Pages(JobStore.ListOf(JobStatus.Running)));

        Assert.True(PageCursor.TryParse(new PageCursor(3, "abc").ToString(), out var unnamed));
        Assert.True(unnamed.Pages(JobStore.ListOf(JobStatus.Running)));
    }

    [Theory]
    [InlineData("3|abc|short")]
    [InlineData("3|abc|toolong123")]
    [InlineData("3|abc|abcdefg!")]
    [InlineData("3|abc|abcdefgh|more")]
    public void A_cursor_whose_list_is_not_one_given_out_does_not_parse(string text)
    {
        var encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

        Assert.False(PageCursor.TryParse(encoded, out _));
    }

    [Fact]
    public void Every_list_has_its_own_name()
    {
        string[] lists =
        [
            FeedbackStore.ListOf(null), FeedbackStore.ListOf(FeedbackSource.Reddit), FeedbackStore.ListOf(FeedbackSource.Sentry),
            JobStore.ListOf(null), JobStore.ListOf(JobStatus.Running), JobStore.ClusterJobsListOf("c1"), JobStore.ClusterJobsListOf("c2"),
            ClusterStore.ItemsListOf("c1"), ClusterStore.ItemsListOf("c2"),
            .. Enum.GetValues<ClusterSort>().SelectMany(sort =>
                new ClusterStatus?[] { null, ClusterStatus.New }.Select(status => ClusterStore.ListOf(sort, status))),
        ];

        // Trend and first_seen have one index for every status, so their status does not name another list.
        Assert.Equal(lists.Length - 2, lists.Distinct().Count());
    }

    [Fact]
    public async Task A_page_of_a_store_gives_a_cursor_naming_its_list()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.AddFeedbackAsync(DateTimeOffset.UnixEpoch.AddDays(1));
        await stores.AddFeedbackAsync(DateTimeOffset.UnixEpoch.AddDays(2));

        var page = await stores.Feedback.ListAsync(new FeedbackQuery(Limit: 1));

        Assert.True(PageCursor.TryParse(page.NextCursor, out var next));
        Assert.Equal(FeedbackStore.ListOf(null), next.List);
    }
}
