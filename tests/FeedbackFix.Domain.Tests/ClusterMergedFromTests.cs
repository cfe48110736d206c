using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>
/// What a cluster lists as merged into it (<c>cluster:merged_from:{id}</c>), and the merged topics the
/// worker keeps drawing into it from that list, as reports leave it and merges chain and are undone.
/// </summary>
public sealed class ClusterMergedFromTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Actor Alice = new("alice", "dashboard");

    private readonly StoreSet _stores = new(redis.Connection);

    [Theory]
    [InlineData("move")]
    [InlineData("split")]
    [InlineData("delete")]
    public async Task A_merge_whose_reports_all_left_the_target_is_no_longer_listed_nor_drawn_into_it(string how)
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var merged = await _stores.AddClusterAsync(items: 2);
        var elsewhere = await _stores.AddClusterAsync(items: 1);
        var reports = await _stores.Membership.GetMembersAsync(merged.Id);
        await _stores.Curation.MergeAsync(merged.Id, target.Id, Alice);

        var left = how switch
        {
            "move" => await _stores.Curation.MoveAsync(elsewhere.Id, reports, Alice),
            "split" => await _stores.Curation.SplitAsync(reports, "Export fails", Alice),
            _ => (await _stores.Curation.DeleteFeedbackAsync(reports, Alice)).Deleted.Count == 2 ? CurationResult.Done(null) : null,
        };

        Assert.Equal(CurationOutcome.Done, left!.Outcome);
        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(target.Id));
        Assert.Empty(await _stores.Membership.LoadMergedAwayAsync([target.Id]));
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.ClusterMergedFrom(target.Id), merged.Id));
        Assert.Equal(CurationOutcome.Conflict, (await _stores.Curation.UnmergeAsync(merged.Id, Alice)).Outcome);
    }

    [Fact]
    public async Task Only_the_merged_reports_still_in_the_target_stand_for_the_merged_topic()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var merged = await _stores.AddClusterAsync(items: 3);
        var elsewhere = await _stores.AddClusterAsync(items: 1);
        var reports = await _stores.Membership.GetMembersAsync(merged.Id);
        await _stores.Curation.MergeAsync(merged.Id, target.Id, Alice);

        await _stores.Curation.MoveAsync(elsewhere.Id, [reports[0]], Alice);

        var topic = Assert.Single(await _stores.Membership.LoadMergedAwayAsync([target.Id]));
        Assert.Equal((merged.Id, target.Id), (topic.MergedId, topic.TargetId));
        Assert.Equal(reports.Skip(1), topic.ItemIds.Order(StringComparer.Ordinal));
        Assert.Equal([merged.Id], (await _stores.Curation.GetMergedClustersAsync(target.Id)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_merge_listed_before_its_reports_left_is_left_out_when_read()
    {
        // As a list written before merges were dropped with their last report, or a worker merge whose
        // reports refinement moved on: the entry is still there, its reports are not.
        var target = await _stores.AddClusterAsync(items: 1);
        var merged = await _stores.AddClusterAsync(items: 1);
        await _stores.Curation.MergeAsync(merged.Id, target.Id, Alice);
        await _stores.Db.KeyDeleteAsync(RedisKeys.ClusterMergedItems(merged.Id));
        await _stores.Db.SetAddAsync(RedisKeys.ClusterMergedItems(merged.Id), Ids.New());

        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(target.Id));
        Assert.Empty(await _stores.Membership.LoadMergedAwayAsync([target.Id]));
    }

    [Fact]
    public async Task After_a_chain_of_merges_the_last_cluster_lists_every_merge_it_can_undo()
    {
        var first = await _stores.AddClusterAsync(items: 1);
        var second = await _stores.AddClusterAsync(items: 1);
        var last = await _stores.AddClusterAsync(items: 1);
        await _stores.Curation.MergeAsync(first.Id, second.Id, Alice);
        await _stores.Curation.MergeAsync(second.Id, last.Id, Alice);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal),
            (await _stores.Curation.GetMergedClustersAsync(last.Id)).Select(m => m.Id));
        Assert.Equal(CurationOutcome.Done, (await _stores.Curation.UnmergeAsync(first.Id, Alice)).Outcome);
        Assert.Equal([second.Id], (await _stores.Curation.GetMergedClustersAsync(last.Id)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_worker_merge_of_a_cluster_others_were_merged_into_carries_them_over_to_the_survivor()
    {
        var first = await _stores.AddClusterAsync(items: 1);
        var second = await _stores.AddClusterAsync(items: 1);
        var survivor = await _stores.AddClusterAsync(items: 1);
        await _stores.Curation.MergeAsync(first.Id, second.Id, Alice);
        var moving = await _stores.Membership.GetMembersAsync(second.Id);

        await WorkerMergeAsync(second.Id, survivor.Id, moving);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal),
            (await _stores.Curation.GetMergedClustersAsync(survivor.Id)).Select(m => m.Id));
        Assert.Equal([first.Id], (await _stores.Membership.LoadMergedAwayAsync([survivor.Id])).Select(m => m.MergedId));
    }

    [Fact]
    public async Task Undoing_chained_merges_from_the_inside_out_leaves_no_stale_entry_when_the_first_is_merged_elsewhere()
    {
        var f = await _stores.AddClusterAsync(items: 1);
        var g = await _stores.AddClusterAsync(items: 1);
        var h = await _stores.AddClusterAsync(items: 1);
        var e = await _stores.AddClusterAsync(items: 1);
        await _stores.Curation.MergeAsync(f.Id, g.Id, Alice);
        await _stores.Curation.MergeAsync(g.Id, h.Id, Alice);
        await _stores.Curation.UnmergeAsync(f.Id, Alice);
        await _stores.Curation.UnmergeAsync(g.Id, Alice);

        await _stores.Curation.MergeAsync(f.Id, e.Id, Alice);

        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(g.Id));
        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(h.Id));
        Assert.Equal([f.Id], (await _stores.Curation.GetMergedClustersAsync(e.Id)).Select(m => m.Id));
        Assert.Empty(await _stores.Membership.LoadMergedAwayAsync([g.Id, h.Id]));
        Assert.False(await _stores.Db.SetContainsAsync(RedisKeys.ClusterMergedFrom(g.Id), f.Id));
    }

    [Fact]
    public async Task Undoing_the_outer_of_two_chained_merges_gives_the_inner_one_back_to_the_cluster_it_went_into()
    {
        var f = await _stores.AddClusterAsync(items: 1);
        var g = await _stores.AddClusterAsync(items: 1);
        var h = await _stores.AddClusterAsync(items: 1);
        await _stores.Curation.MergeAsync(f.Id, g.Id, Alice);
        await _stores.Curation.MergeAsync(g.Id, h.Id, Alice);

        await _stores.Curation.UnmergeAsync(g.Id, Alice);

        Assert.Equal([f.Id], (await _stores.Curation.GetMergedClustersAsync(g.Id)).Select(m => m.Id));
        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(h.Id));
        Assert.Empty(await _stores.Db.SetMembersAsync(RedisKeys.ClusterMergedFrom(h.Id)));
        Assert.Equal(CurationOutcome.Done, (await _stores.Curation.UnmergeAsync(f.Id, Alice)).Outcome);
        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(g.Id));
    }

    // As the worker commits a fold: under the lease, fenced on the version it read.
    private async Task WorkerMergeAsync(string absorbedId, string survivorId, IReadOnlyList<string> moving)
    {
        var lease = (await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30)))!;
        try
        {
            Assert.True(await _stores.Membership.CommitAsync(new MembershipChanges(
                [new ClusterMembershipUpdate(survivorId, [1f, 0f], moving, [])],
                [new ClusterMerge(absorbedId, survivorId)]), lease, await _stores.Membership.GetVersionAsync()));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}
