using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>A cluster a curation empties is removed with what only it would read; a merged-away one keeps what its unmerge reads.</summary>
public sealed class ClusterRemovalTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Actor Alice = new("alice", "dashboard");

    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task Deleting_the_last_report_of_a_cluster_leaves_no_key_of_it_behind()
    {
        var cluster = await ClusterWithAnEndedJobAndAMergeAsync();
        var reports = await _stores.Membership.GetMembersAsync(cluster);

        var deletion = await _stores.Curation.DeleteFeedbackAsync(reports, Alice);

        Assert.Equal(reports.Count, deletion.Deleted.Count);
        Assert.Null(await _stores.Clusters.GetAsync(cluster));
        Assert.Null(await _stores.Curation.GetActivityAsync(cluster));
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterActivity(cluster)));
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterMergedFrom(cluster)));
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterJobs(cluster)));
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.ClustersCurated, cluster));
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        Assert.Empty(server.Keys(pattern: $"*{cluster}*").Select(key => key.ToString()));
    }

    [Theory]
    [InlineData("move")]
    [InlineData("split")]
    public async Task A_cluster_a_person_empties_is_not_left_curated_and_its_id_still_shows_what_happened(string how)
    {
        var source = await ClusterWithAnEndedJobAndAMergeAsync();
        var target = await _stores.AddClusterAsync();
        var reports = await _stores.Membership.GetMembersAsync(source);

        var result = how == "move"
            ? await _stores.Curation.MoveAsync(target.Id, reports, Alice)
            : await _stores.Curation.SplitAsync(reports, "Export fails", Alice);

        Assert.Equal(result.ClusterId, (await _stores.Clusters.GetAsync(source))!.Id);
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.ClustersCurated, source));
        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.ClustersCurated, result.ClusterId!));
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterMergedFrom(source)));
        Assert.False(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterJobs(source)));
        // Its id leads to where the reports went, and what happened to it is still read through it.
        Assert.NotEmpty((await _stores.Curation.GetActivityAsync(source))!);
    }

    [Fact]
    public async Task An_unmerge_that_empties_the_cluster_holding_the_reports_does_not_leave_it_curated()
    {
        var holder = await _stores.AddClusterAsync();
        var own = await _stores.Membership.GetMembersAsync(holder.Id);
        var merged = await _stores.AddClusterAsync(items: 2);
        var elsewhere = await _stores.AddClusterAsync();
        await _stores.Curation.MergeAsync(merged.Id, holder.Id, Alice);
        await _stores.Curation.MoveAsync(elsewhere.Id, own, Alice);

        var result = await _stores.Curation.UnmergeAsync(merged.Id, Alice);

        Assert.Equal(CurationResult.Done(merged.Id), result);
        Assert.Equal(merged.Id, (await _stores.Clusters.GetAsync(holder.Id))!.Id);
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.ClustersCurated, holder.Id));
        Assert.True(await _stores.Db.SetContainsAsync(RedisKeys.ClustersCurated, merged.Id));
    }

    [Fact]
    public async Task A_merged_away_cluster_keeps_its_jobs_which_are_its_own_again_once_unmerged()
    {
        var cluster = await ClusterWithAnEndedJobAndAMergeAsync();
        var job = (await _stores.Jobs.ListForClusterAsync(cluster, null, 10)).Items.Single();
        var survivor = await _stores.AddClusterAsync();
        await _stores.Curation.MergeAsync(cluster, survivor.Id, Alice);

        await _stores.Curation.UnmergeAsync(cluster, Alice);

        Assert.Equal([job.Id], (await _stores.Jobs.ListForClusterAsync(cluster, null, 10)).Items.Select(j => j.Id));
    }

    // A cluster with a job that failed (so it is new again) and another cluster merged into it: it has
    // jobs, a merged_from list and activity.
    private async Task<string> ClusterWithAnEndedJobAndAMergeAsync()
    {
        var creation = await _stores.AddJobAsync();
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Failed));
        var other = await _stores.AddClusterAsync();
        await _stores.Curation.MergeAsync(other.Id, creation.Cluster!.Id, Alice);
        Assert.True(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterMergedFrom(creation.Cluster.Id)));
        Assert.True(await _stores.Db.KeyExistsAsync(RedisKeys.ClusterJobs(creation.Cluster.Id)));
        return creation.Cluster.Id;
    }
}
