using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class ClusterStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly StoreSet _stores = new(redis.Connection, new ManualClock(Now));

    [Fact]
    public async Task Create_writes_the_cluster_hash()
    {
        var items = new[] { await _stores.AddFeedbackAsync(), await _stores.AddFeedbackAsync() };

        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "It crashes", items, TestData.RepoUrl));

        var hash = (await _stores.Db.HashGetAllAsync(RedisKeys.Cluster(cluster.Id))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(cluster.Id, hash["id"]);
        Assert.Equal("Crash", hash["title"]);
        Assert.Equal("It crashes", hash["summary"]);
        Assert.Equal("new", hash["status"]);
        Assert.Equal("2", hash["size"]);
        Assert.Equal("2026-02-01T09:00:00.000Z", hash["created_at"]);
        Assert.Equal("2026-02-01T09:00:00.000Z", hash["updated_at"]);
        Assert.Equal(TestData.RepoUrl, hash["github_repo_url"]);
    }

    [Fact]
    public async Task Create_returns_the_cluster_as_stored()
    {
        var items = new[] { await _stores.AddFeedbackAsync() };

        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "It crashes", items));

        Assert.True(RecordId.IsValid(cluster.Id));
        Assert.Equal(ClusterStatus.New, cluster.Status);
        Assert.Equal(1, cluster.Size);
        Assert.Equal(Now, cluster.CreatedAt);
        Assert.Null(cluster.GithubRepoUrl);
        Assert.Null(cluster.ActiveJobId);
    }

    [Fact]
    public async Task Create_sets_each_items_cluster_id()
    {
        var items = new[] { await _stores.AddFeedbackAsync(), await _stores.AddFeedbackAsync() };

        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", items));

        var stored = await _stores.Feedback.GetManyAsync(items);
        Assert.All(stored, item => Assert.Equal(cluster.Id, item!.ClusterId));
    }

    [Fact]
    public async Task Create_removes_the_items_from_feedback_unclustered()
    {
        var items = new[] { await _stores.AddFeedbackAsync(), await _stores.AddFeedbackAsync() };
        var bystander = await _stores.AddFeedbackAsync();

        await _stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", items));

        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.FeedbackUnclustered, items[0]));
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.FeedbackUnclustered, items[1]));
        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.FeedbackUnclustered, bystander));
    }

    [Fact]
    public async Task Create_fills_the_cluster_items_set()
    {
        var items = new[] { await _stores.AddFeedbackAsync(), await _stores.AddFeedbackAsync() };

        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", items));

        var members = (await _stores.Db.SetMembersAsync(RedisKeys.ClusterItems(cluster.Id))).Select(m => m.ToString());
        Assert.Equal(items.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_adds_the_cluster_to_all_by_size_and_status_new_indexes()
    {
        var cluster = await _stores.AddClusterAsync(items: 3);

        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.ClustersAll, cluster.Id));
        Assert.Equal(3, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersBySize, cluster.Id));
        Assert.Equal(3, await _stores.Db.SortedSetScoreAsync("clusters:status:new", cluster.Id));
        foreach (var other in new[] { ClusterStatus.Fixing, ClusterStatus.Fixed, ClusterStatus.Ignored })
        {
            Assert.Null(await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(other), cluster.Id));
        }
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        Assert.Null(await _stores.Clusters.GetAsync(Ids.New()));
    }

    [Fact]
    public async Task Get_of_a_merged_id_resolves_to_the_surviving_cluster()
    {
        var survivor = await _stores.AddClusterAsync();
        var mergedAway = Ids.New();
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(mergedAway), survivor.Id);

        var cluster = await _stores.Clusters.GetAsync(mergedAway);

        Assert.Equal(survivor.Id, cluster?.Id);
    }

    [Fact]
    public async Task Get_follows_a_chain_of_merges()
    {
        var survivor = await _stores.AddClusterAsync();
        var first = Ids.New();
        var second = Ids.New();
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(first), second);
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(second), survivor.Id);

        var cluster = await _stores.Clusters.GetAsync(first);

        Assert.Equal(survivor.Id, cluster?.Id);
    }

    [Fact]
    public async Task Get_of_a_merge_cycle_ends_with_null()
    {
        var a = Ids.New();
        var b = Ids.New();
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(a), b);
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(b), a);

        Assert.Null(await _stores.Clusters.GetAsync(a));
    }

    [Fact]
    public async Task GetMany_keeps_the_order_asked_with_null_for_missing_ids()
    {
        var a = await _stores.AddClusterAsync();
        var b = await _stores.AddClusterAsync();
        var missing = Ids.New();

        var clusters = await _stores.Clusters.GetManyAsync([b.Id, missing, a.Id]);

        Assert.Equal([b.Id, null, a.Id], clusters.Select(c => c?.Id));
    }

    [Fact]
    public async Task GetItems_pages_through_the_items_newest_first()
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var added = new List<(string Id, DateTimeOffset CreatedAt)>();
        for (var i = 0; i < 11; i++)
        {
            var createdAt = start.AddMinutes(i % 3);
            added.Add((await _stores.AddFeedbackAsync(createdAt), createdAt));
        }
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", [.. added.Select(a => a.Id)]));

        var pages = await Paging.AllPagesAsync(cursor => _stores.Clusters.GetItemsAsync(cluster.Id, cursor, 4));

        var expected = added.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).Select(a => a.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.Id));
        Assert.Equal([4, 4, 3], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task GetItems_of_an_exactly_full_last_page_has_no_cursor()
    {
        var cluster = await _stores.AddClusterAsync(items: 4);

        var page = await _stores.Clusters.GetItemsAsync(cluster.Id, null, 4);

        Assert.Equal(4, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task GetItems_of_an_unknown_cluster_is_empty()
    {
        var page = await _stores.Clusters.GetItemsAsync(Ids.New(), null, 10);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }
}
