using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class ClusterStoreChangeTests : IClassFixture<RedisServer>
{
    private static readonly ClusterStatus[] AllStatuses = Enum.GetValues<ClusterStatus>();

    private readonly ManualClock _clock = new();
    private readonly StoreSet _stores;

    public ClusterStoreChangeTests(RedisServer redis)
    {
        _stores = new StoreSet(redis.Connection, _clock);
    }

    [Fact]
    public async Task Change_edits_the_given_fields_and_leaves_the_rest()
    {
        var cluster = await _stores.AddClusterAsync(title: "Old title");

        var result = await _stores.Clusters.ChangeAsync(cluster.Id,
            new ClusterChanges(Summary: "New summary", GithubRepoUrl: TestData.RepoUrl, IssueTitle: "Fix crash", IssueDescription: "Details",
                IssueUrl: "https://github.com/octo/app/issues/1"),
            StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        var stored = await _stores.Clusters.GetAsync(cluster.Id);
        Assert.Equal("Old title", stored!.Title);
        Assert.Equal("New summary", stored.Summary);
        Assert.Equal(TestData.RepoUrl, stored.GithubRepoUrl);
        Assert.Equal("Fix crash", stored.IssueTitle);
        Assert.Equal("Details", stored.IssueDescription);
        Assert.Equal("https://github.com/octo/app/issues/1", stored.IssueUrl);
        Assert.Equal(ClusterStatus.New, stored.Status);
        Assert.Equal(stored, result.Record);
    }

    [Fact]
    public async Task Change_with_an_empty_string_clears_an_optional_field()
    {
        var items = new[] { await _stores.AddFeedbackAsync() };
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "summary", items, TestData.RepoUrl));

        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(GithubRepoUrl: ""), StatusTransitions.UserMayMove);

        Assert.Null((await _stores.Clusters.GetAsync(cluster.Id))!.GithubRepoUrl);
    }

    [Fact]
    public async Task Change_updates_updated_at()
    {
        var cluster = await _stores.AddClusterAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Title: "Renamed"), StatusTransitions.UserMayMove);

        Assert.Equal(cluster.CreatedAt, result.Record!.CreatedAt);
        Assert.Equal(cluster.CreatedAt.AddMinutes(5), result.Record.UpdatedAt);
    }

    [Fact]
    public async Task Change_of_an_unknown_cluster_is_not_found()
    {
        var result = await _stores.Clusters.ChangeAsync(Ids.New(), new ClusterChanges(Title: "x"), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.NotFound, result.Outcome);
        Assert.Null(result.Record);
    }

    [Fact]
    public async Task Change_of_a_merged_id_edits_the_surviving_cluster()
    {
        var survivor = await _stores.AddClusterAsync();
        var mergedAway = Ids.New();
        await _stores.Db.StringSetAsync(RedisKeys.ClusterMerged(mergedAway), survivor.Id);

        var result = await _stores.Clusters.ChangeAsync(mergedAway, new ClusterChanges(Title: "Renamed"), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        Assert.Equal("Renamed", (await _stores.Clusters.GetAsync(survivor.Id))!.Title);
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.Cluster(mergedAway)));
    }

    [Theory]
    [InlineData(ClusterStatus.Fixed)]
    [InlineData(ClusterStatus.Ignored)]
    public async Task Change_of_status_moves_the_cluster_between_status_indexes(ClusterStatus target)
    {
        var cluster = await _stores.AddClusterAsync(items: 2);

        var result = await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: target), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        Assert.Equal(target, result.Record!.Status);
        Assert.Equal([target], await StatusIndexesOfAsync(cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(target), cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersBySize, cluster.Id));
    }

    [Fact]
    public async Task Change_of_status_back_and_forth_keeps_one_index_entry()
    {
        var cluster = await _stores.AddClusterAsync();

        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.New), StatusTransitions.UserMayMove);

        Assert.Equal([ClusterStatus.New], await StatusIndexesOfAsync(cluster.Id));
    }

    [Fact]
    public async Task Change_to_a_forbidden_status_is_refused_and_changes_nothing()
    {
        var cluster = await _stores.AddClusterAsync(title: "Original");
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        var before = await _stores.Db.HashGetAllAsync(RedisKeys.Cluster(cluster.Id));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = await _stores.Clusters.ChangeAsync(cluster.Id,
            new ClusterChanges(Title: "Renamed", Status: ClusterStatus.Fixed), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Forbidden, result.Outcome);
        Assert.NotNull(result.Reason);
        Assert.Equal(ClusterStatus.Ignored, result.Record!.Status);
        var after = await _stores.Db.HashGetAllAsync(RedisKeys.Cluster(cluster.Id));
        Assert.Equal(before.OrderBy(e => e.Name.ToString()), after.OrderBy(e => e.Name.ToString()));
        Assert.Equal([ClusterStatus.Ignored], await StatusIndexesOfAsync(cluster.Id));
    }

    [Fact]
    public async Task Change_by_a_user_cannot_enter_fixing()
    {
        var cluster = await _stores.AddClusterAsync();

        var result = await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Fixing), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Forbidden, result.Outcome);
        Assert.Equal([ClusterStatus.New], await StatusIndexesOfAsync(cluster.Id));
    }

    [Fact]
    public async Task Change_by_a_user_cannot_leave_fixing()
    {
        var creation = await _stores.AddJobAsync();

        var result = await _stores.Clusters.ChangeAsync(creation.Cluster!.Id, new ClusterChanges(Status: ClusterStatus.New), StatusTransitions.UserMayMove);

        Assert.Equal(ChangeOutcome.Forbidden, result.Outcome);
        Assert.Equal([ClusterStatus.Fixing], await StatusIndexesOfAsync(creation.Cluster.Id));
    }

    [Fact]
    public async Task Change_in_parallel_to_different_statuses_leaves_the_cluster_in_exactly_one_status_index()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var targets = Enumerable.Range(0, 20).Select(i => AllStatuses[i % AllStatuses.Length]).ToList();

        var results = await Task.WhenAll(targets.Select(target =>
            _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: target), StatusTransitions.CanMove)));

        Assert.All(results, r => Assert.NotEqual(ChangeOutcome.NotFound, r.Outcome));
        var stored = await _stores.Clusters.GetAsync(cluster.Id);
        Assert.Equal([stored!.Status], await StatusIndexesOfAsync(cluster.Id));
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(stored.Status), cluster.Id));
    }

    private async Task<List<ClusterStatus>> StatusIndexesOfAsync(string clusterId)
    {
        var found = new List<ClusterStatus>();
        foreach (var status in AllStatuses)
        {
            if (await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(status), clusterId) is not null)
            {
                found.Add(status);
            }
        }
        return found;
    }
}
