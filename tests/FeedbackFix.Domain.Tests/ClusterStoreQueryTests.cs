using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;

namespace FeedbackFix.Domain.Tests;

/// <summary>Clusters filtered by title and size and sorted by last report; each test has a redis-server of its own.</summary>
public sealed class ClusterStoreQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(50)]
    public async Task Sorting_by_last_seen_pages_newest_report_first_with_every_cluster_once(int limit)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var created = new List<(string Id, DateTimeOffset Last)>();
        foreach (var minutes in new[] { 5, 50, 5, 20, 0, 35, 50 })
        {
            created.Add(((await ClusterAsync(stores, "Crash", T0.AddMinutes(minutes), T0.AddMinutes(minutes / 2))).Id, T0.AddMinutes(minutes)));
        }

        var pages = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(new ClusterQuery(Sort: ClusterSort.LastSeen, After: cursor, Limit: limit)));

        var expected = created.OrderByDescending(c => c.Last).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(c => c.Id));
    }

    [Fact]
    public async Task A_title_filter_ignores_case_beyond_ascii_and_pages_without_repeats_or_losses()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var matching = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var title = (i % 3) switch { 0 => $"ÜBER-Export fails {i}", 1 => $"über-export is slow {i}", _ => $"Import fails {i}" };
            var cluster = await ClusterAsync(stores, title, T0.AddMinutes(i));
            if (i % 3 != 2)
            {
                matching.Add(cluster.Id);
            }
        }

        var pages = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(new ClusterQuery(TitleContains: "Über-EXPORT", After: cursor, Limit: 2)));

        Assert.Equal(matching.Order(), pages.SelectMany(p => p).Select(c => c.Id).Order());
        Assert.Equal(matching.Count, pages.SelectMany(p => p).Select(c => c.Id).Distinct().Count());
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Count));
    }

    [Fact]
    public async Task Matches_beyond_the_first_chunk_of_the_index_are_found_and_the_last_page_says_so()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var rare = new List<string>();
        for (var i = 0; i < 260; i++)
        {
            // Oldest reports last in the last_seen order: the three rare ones come after the first 200 examined.
            var cluster = await stores.Clusters.CreateAsync(new NewCluster(i < 3 ? $"Rare crash {i}" : $"Common {i}", "s",
                [await stores.AddFeedbackAsync(T0.AddMinutes(i < 3 ? i : 1_000 + i))]));
            if (i < 3)
            {
                rare.Add(cluster.Id);
            }
        }

        var first = await stores.Clusters.ListAsync(new ClusterQuery(TitleContains: "rare", Sort: ClusterSort.LastSeen, Limit: 2));
        Assert.True(PageCursor.TryParse(first.NextCursor, out var next));
        var second = await stores.Clusters.ListAsync(new ClusterQuery(TitleContains: "rare", Sort: ClusterSort.LastSeen, After: next, Limit: 2));

        Assert.Equal([rare[2], rare[1]], first.Items.Select(c => c.Id));
        Assert.Equal([rare[0]], second.Items.Select(c => c.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task A_minimum_size_leaves_out_smaller_clusters_in_either_order_and_with_a_status()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var clusters = new List<(IssueCluster Cluster, DateTimeOffset Last)>();
        foreach (var (size, minute) in new[] { (1, 9), (2, 1), (3, 7), (1, 3), (5, 2), (2, 8) })
        {
            var ids = new List<string>();
            for (var i = 0; i < size; i++)
            {
                ids.Add(await stores.AddFeedbackAsync(T0.AddMinutes(minute - i * 0.1)));
            }
            clusters.Add((await stores.Clusters.CreateAsync(new NewCluster("Crash", "s", ids)), T0.AddMinutes(minute)));
        }
        var ignored = clusters[2].Cluster;
        await stores.Clusters.ChangeAsync(ignored.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);

        var bySize = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(new ClusterQuery(MinSize: 2, After: cursor, Limit: 2)));
        var byLastSeen = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(new ClusterQuery(MinSize: 2, Sort: ClusterSort.LastSeen, After: cursor, Limit: 2)));
        var newByLastSeen = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(
            new ClusterQuery(ClusterStatus.New, MinSize: 2, Sort: ClusterSort.LastSeen, After: cursor, Limit: 1)));

        var large = clusters.Where(c => c.Cluster.Size >= 2).ToList();
        Assert.Equal(large.OrderByDescending(c => c.Cluster.Size).ThenByDescending(c => c.Cluster.Id, StringComparer.Ordinal).Select(c => c.Cluster.Id),
            bySize.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal(large.OrderByDescending(c => c.Last).Select(c => c.Cluster.Id), byLastSeen.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal(large.Where(c => c.Cluster.Id != ignored.Id).OrderByDescending(c => c.Last).Select(c => c.Cluster.Id),
            newByLastSeen.SelectMany(p => p).Select(c => c.Id));
    }

    [Theory]
    [InlineData(ClusterSort.Size, null)]
    [InlineData(ClusterSort.Size, "crash")]
    public async Task Paging_deep_into_clusters_of_equal_size_gives_every_one_once_in_order(ClusterSort sort, string? titleContains)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var created = new List<IssueCluster>();
        for (var i = 0; i < 60; i++)
        {
            created.Add(await stores.AddClusterAsync(items: i < 3 ? 2 : 1, title: "Crash " + i));
        }

        var pages = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(new ClusterQuery(TitleContains: titleContains, Sort: sort, After: cursor, Limit: 2)));

        var expected = created.OrderByDescending(c => c.Size).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(c => c.Id));
    }

    [Fact]
    public async Task A_page_after_a_cluster_that_grew_meanwhile_still_goes_on_after_where_the_last_page_ended()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var created = new List<IssueCluster>();
        for (var i = 0; i < 40; i++)
        {
            created.Add(await stores.AddClusterAsync(items: 1));
        }
        var ordered = created.OrderByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        var first = await stores.Clusters.ListAsync(new ClusterQuery(After: new PageCursor(1, ordered[29]), Limit: 2));
        Assert.Equal(ordered[30..32], first.Items.Select(c => c.Id));

        // The cursor's cluster moves up: its rank no longer marks the place, its score and id still do.
        await stores.Db.SortedSetAddAsync("clusters:by_size", ordered[31], 5);
        Assert.True(PageCursor.TryParse(first.NextCursor, out var next));
        var second = await stores.Clusters.ListAsync(new ClusterQuery(After: next, Limit: 2));

        Assert.Equal(ordered[32..34], second.Items.Select(c => c.Id));
    }

    private static async Task<IssueCluster> ClusterAsync(StoreSet stores, string title, params DateTimeOffset[] created)
    {
        var ids = new List<string>();
        foreach (var time in created)
        {
            ids.Add(await stores.AddFeedbackAsync(time, FeedbackSource.Reddit));
        }
        return await stores.Clusters.CreateAsync(new NewCluster(title, "s", ids));
    }
}
