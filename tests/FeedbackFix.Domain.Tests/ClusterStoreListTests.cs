using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;

namespace FeedbackFix.Domain.Tests;

/// <summary>Listing and counting see every cluster in a store, so each test has a redis-server of its own.</summary>
public sealed class ClusterStoreListTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(50)]
    public async Task List_pages_largest_first_with_every_cluster_exactly_once(int limit)
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var created = new List<IssueCluster>();
        foreach (var size in new[] { 1, 4, 2, 4, 1, 3, 2, 1 })
        {
            created.Add(await stores.AddClusterAsync(size));
        }

        var pages = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(null, cursor, limit));

        var expected = created.OrderByDescending(c => c.Size).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(c => c.Id));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(limit, p.Count));
    }

    [Fact]
    public async Task List_by_status_gives_only_clusters_of_that_status_largest_first()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        var small = await stores.AddClusterAsync(1);
        var large = await stores.AddClusterAsync(3);
        var ignored = await stores.AddClusterAsync(5);
        await stores.Clusters.ChangeAsync(ignored.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);

        var fresh = await Paging.AllPagesAsync(cursor => stores.Clusters.ListAsync(ClusterStatus.New, cursor, 1));
        var shelved = await stores.Clusters.ListAsync(ClusterStatus.Ignored, null, 10);

        Assert.Equal([large.Id, small.Id], fresh.SelectMany(p => p).Select(c => c.Id));
        Assert.Equal(ignored.Id, Assert.Single(shelved.Items).Id);
        Assert.Equal(ClusterStatus.Ignored, shelved.Items[0].Status);
    }

    [Fact]
    public async Task List_of_a_status_nobody_has_is_empty()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.AddClusterAsync();

        var page = await stores.Clusters.ListAsync(ClusterStatus.Fixed, null, 10);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task CountByStatus_counts_each_status()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection);
        await stores.AddClusterAsync();
        await stores.AddClusterAsync();
        var ignored = await stores.AddClusterAsync();
        await stores.Clusters.ChangeAsync(ignored.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await stores.AddJobAsync();

        var counts = await stores.Clusters.CountByStatusAsync();

        Assert.Equal(2, counts[ClusterStatus.New]);
        Assert.Equal(1, counts[ClusterStatus.Fixing]);
        Assert.Equal(0, counts[ClusterStatus.Fixed]);
        Assert.Equal(1, counts[ClusterStatus.Ignored]);
    }
}
