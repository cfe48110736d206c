using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

public sealed class ClusterCurationStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly Actor Alice = new("alice", "dashboard");

    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task A_merge_moves_every_report_into_the_target_keeps_the_record_and_bumps_the_version()
    {
        var target = await _stores.AddClusterAsync(items: 2);
        var source = await _stores.AddClusterAsync(items: 3);
        var moved = await _stores.Membership.GetMembersAsync(source.Id);
        var before = await _stores.Membership.GetVersionAsync();

        var result = await _stores.Curation.MergeAsync(source.Id, target.Id, Alice);

        Assert.Equal(CurationResult.Done(target.Id), result);
        Assert.Equal(5, (await _stores.Clusters.GetAsync(target.Id))!.Size);
        Assert.Equal(target.Id, (await _stores.Clusters.GetAsync(source.Id))!.Id);
        Assert.All(await _stores.Feedback.GetManyAsync(moved), item => Assert.Equal(target.Id, item!.ClusterId));
        Assert.Equal([source.Id], (await _stores.Curation.GetMergedClustersAsync(target.Id)).Select(m => m.Id));
        Assert.Equal(target.Id, (string?)await _stores.Db.HashGetAsync($"cluster:merged_record:{source.Id}", "merged_into"));
        Assert.Equal(before + 1, await _stores.Membership.GetVersionAsync());
        Assert.Contains(target.Id, await _stores.Membership.GetDecidedClusterIdsAsync());
    }

    [Fact]
    public async Task The_clusters_merged_into_one_are_listed_as_they_were_when_merged()
    {
        var clock = new ManualClock();
        var stores = new StoreSet(redis.Connection, clock);
        var target = await stores.AddClusterAsync(items: 2);
        var source = await stores.AddClusterAsync(items: 3, title: "Dark mode is unreadable");

        await stores.Curation.MergeAsync(source.Id, target.Id, Alice);

        var merged = Assert.Single(await stores.Curation.GetMergedClustersAsync(target.Id));
        Assert.Equal(new MergedCluster(source.Id, "Dark mode is unreadable", 3, clock.GetUtcNow(), "alice"), merged);
    }

    [Fact]
    public async Task A_long_chain_of_merges_is_followed_alike_by_reads_and_by_curation()
    {
        var chain = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            chain.Add((await _stores.AddClusterAsync(items: 1)).Id);
        }
        for (var i = 0; i < chain.Count - 1; i++)
        {
            Assert.Equal(CurationOutcome.Done, (await _stores.Curation.MergeAsync(chain[i], chain[i + 1], Alice)).Outcome);
        }

        var read = await _stores.Clusters.GetAsync(chain[0]);
        var unmerged = await _stores.Curation.UnmergeAsync(chain[0], Alice);

        Assert.Equal(chain[^1], read?.Id);
        Assert.Equal(CurationOutcome.Done, unmerged.Outcome);
        Assert.Equal(chain[0], (await _stores.Clusters.GetAsync(chain[0]))?.Id);
    }

    [Fact]
    public async Task A_merge_whose_record_is_gone_is_not_listed()
    {
        var target = await _stores.AddClusterAsync(items: 2);
        var source = await _stores.AddClusterAsync(items: 3);
        await _stores.Curation.MergeAsync(source.Id, target.Id, Alice);

        // As between the two reads of a listing while a person unmerges: the record goes first here.
        await _stores.Db.KeyDeleteAsync($"cluster:merged_record:{source.Id}");

        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(target.Id));
    }

    [Fact]
    public async Task An_unmerge_brings_back_the_reports_except_one_a_person_moved_since()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var source = await _stores.AddClusterAsync(items: 3, title: "Dark mode");
        var elsewhere = await _stores.AddClusterAsync(items: 1);
        var members = await _stores.Membership.GetMembersAsync(source.Id);
        await _stores.Curation.MergeAsync(source.Id, target.Id, Alice);
        await _stores.Curation.MoveAsync(elsewhere.Id, [members[0]], Alice);

        var result = await _stores.Curation.UnmergeAsync(source.Id, Alice);

        Assert.Equal(CurationResult.Done(source.Id), result);
        var restored = await _stores.Clusters.GetAsync(source.Id);
        Assert.Equal((source.Id, "Dark mode", 2L), (restored!.Id, restored.Title, restored.Size));
        Assert.Equal(members.Skip(1), await _stores.Membership.GetMembersAsync(source.Id));
        Assert.Equal(elsewhere.Id, (await _stores.Feedback.GetAsync(members[0]))!.ClusterId);
        Assert.Equal(1, (await _stores.Clusters.GetAsync(target.Id))!.Size);
        Assert.Empty(await _stores.Curation.GetMergedClustersAsync(target.Id));
        Assert.True(await _stores.Db.SetContainsAsync("clusters:all", source.Id));
        Assert.Superset(new HashSet<string> { source.Id, target.Id }, await _stores.Membership.GetDecidedClusterIdsAsync());
    }

    [Fact]
    public async Task An_unmerge_whose_reports_all_left_since_is_a_conflict_that_opens_no_empty_cluster()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var source = await _stores.AddClusterAsync(items: 2);
        var elsewhere = await _stores.AddClusterAsync(items: 1);
        var members = await _stores.Membership.GetMembersAsync(source.Id);
        await _stores.Curation.MergeAsync(source.Id, target.Id, Alice);
        await _stores.Curation.MoveAsync(elsewhere.Id, members, Alice);
        var version = await _stores.Membership.GetVersionAsync();

        var result = await _stores.Curation.UnmergeAsync(source.Id, Alice);

        Assert.Equal(CurationOutcome.Conflict, result.Outcome);
        Assert.Contains("nothing to bring back", result.Reason);
        Assert.False(await _stores.Db.KeyExistsAsync($"cluster:{source.Id}"));
        Assert.False(await _stores.Db.SetContainsAsync("clusters:all", source.Id));
        Assert.Equal(target.Id, (await _stores.Clusters.GetAsync(source.Id))!.Id);
        Assert.Equal(version, await _stores.Membership.GetVersionAsync());
    }

    [Fact]
    public async Task An_unmerge_of_a_merge_whose_record_was_deleted_is_a_conflict_saying_so()
    {
        var target = await _stores.AddClusterAsync();
        var oldId = Ids.New();
        await _stores.Db.StringSetAsync($"cluster:merged:{oldId}", target.Id);

        var result = await _stores.Curation.UnmergeAsync(oldId, Alice);

        Assert.Equal(CurationOutcome.Conflict, result.Outcome);
        Assert.Contains("before merged clusters were kept", result.Reason);
    }

    [Fact]
    public async Task A_worker_merge_keeps_the_record_so_a_person_can_undo_it()
    {
        var survivor = await _stores.AddClusterAsync(items: 1);
        var absorbed = await _stores.AddClusterAsync(items: 1);
        var item = (await _stores.Membership.GetMembersAsync(absorbed.Id)).Single();
        var lease = (await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30)))!;
        try
        {
            Assert.True(await _stores.Membership.CommitAsync(new MembershipChanges(
                [new ClusterMembershipUpdate(survivor.Id, [1f, 0f], [item], [])],
                [new ClusterMerge(absorbed.Id, survivor.Id)]), lease, await _stores.Membership.GetVersionAsync()));
        }
        finally
        {
            await lease.ReleaseAsync();
        }

        var result = await _stores.Curation.UnmergeAsync(absorbed.Id, Alice);

        Assert.Equal(CurationOutcome.Done, result.Outcome);
        Assert.Equal([item], await _stores.Membership.GetMembersAsync(absorbed.Id));
        var activity = (await _stores.Curation.GetActivityAsync(survivor.Id))!;
        Assert.Equal([ActivityType.Unmerged, ActivityType.Merged], activity.Take(2).Select(a => a.Type));
        Assert.Equal(["alice", "worker"], activity.Take(2).Select(a => a.By));
    }

    [Fact]
    public async Task Moving_every_report_out_of_a_cluster_removes_it_and_its_id_resolves_to_where_they_went()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var source = await _stores.AddClusterAsync(items: 2);
        var members = await _stores.Membership.GetMembersAsync(source.Id);

        await _stores.Curation.MoveAsync(target.Id, members, Alice);

        Assert.Equal(3, (await _stores.Clusters.GetAsync(target.Id))!.Size);
        Assert.Equal(target.Id, (await _stores.Clusters.GetAsync(source.Id))!.Id);
        Assert.False(await _stores.Db.SetContainsAsync("clusters:all", source.Id));
        Assert.All(members, id => Assert.NotNull(_stores.Db.SortedSetScore("feedback:placed_by_person", id)));
    }

    [Fact]
    public async Task A_move_counts_sizes_from_the_members_so_a_wrong_stored_size_neither_removes_a_cluster_with_reports_nor_stays()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var source = await _stores.AddClusterAsync(items: 2);
        var members = await _stores.Membership.GetMembersAsync(source.Id);
        await _stores.Db.HashSetAsync($"cluster:{source.Id}", "size", 1);
        await _stores.Db.HashSetAsync($"cluster:{target.Id}", "size", 7);

        await _stores.Curation.MoveAsync(target.Id, [members[0]], Alice);

        var left = await _stores.Clusters.GetAsync(source.Id);
        Assert.Equal((source.Id, 1L), (left!.Id, left.Size));
        Assert.Equal([members[1]], await _stores.Membership.GetMembersAsync(source.Id));
        Assert.Equal(source.Id, (await _stores.Feedback.GetAsync(members[1]))!.ClusterId);
        Assert.Equal(2, (await _stores.Clusters.GetAsync(target.Id))!.Size);
        Assert.Equal(2, await _stores.Db.SortedSetScoreAsync("clusters:by_size", target.Id));
    }

    [Fact]
    public async Task A_report_left_naming_a_removed_cluster_can_be_moved_and_deleted_as_one_in_no_cluster()
    {
        var target = await _stores.AddClusterAsync(items: 1);
        var gone = await _stores.AddClusterAsync(items: 2);
        var stranded = await _stores.Membership.GetMembersAsync(gone.Id);
        await ClusterMembershipStoreTests.StrandAsync(_stores.Db, gone.Id, target.Id);

        var moved = await _stores.Curation.MoveAsync(target.Id, [stranded[0]], Alice);
        var deleted = await _stores.Curation.DeleteFeedbackAsync([stranded[1]], Alice);

        Assert.Equal(CurationResult.Done(target.Id), moved);
        Assert.Equal(target.Id, (await _stores.Feedback.GetAsync(stranded[0]))!.ClusterId);
        Assert.Equal(2, (await _stores.Clusters.GetAsync(target.Id))!.Size);
        Assert.Equal([stranded[1]], deleted.Deleted);
        Assert.Null(await _stores.Feedback.GetAsync(stranded[1]));
    }

    [Fact]
    public async Task Moving_reports_into_the_cluster_they_are_in_changes_and_records_nothing()
    {
        var cluster = await _stores.AddClusterAsync(items: 2);
        var members = await _stores.Membership.GetMembersAsync(cluster.Id);
        var version = await _stores.Membership.GetVersionAsync();
        var activity = await _stores.Db.ListLengthAsync($"cluster:activity:{cluster.Id}");

        var result = await _stores.Curation.MoveAsync(cluster.Id, members, Alice);

        Assert.Equal(CurationResult.Done(cluster.Id), result);
        Assert.Equal(version, await _stores.Membership.GetVersionAsync());
        Assert.Equal(activity, await _stores.Db.ListLengthAsync($"cluster:activity:{cluster.Id}"));
        Assert.Equal(2, (await _stores.Clusters.GetAsync(cluster.Id))!.Size);
    }

    [Fact]
    public async Task A_split_opens_a_cluster_with_the_reports_and_the_title_and_counts_them()
    {
        var source = await _stores.AddClusterAsync(items: 3);
        var members = await _stores.Membership.GetMembersAsync(source.Id);

        var result = await _stores.Curation.SplitAsync([.. members.Take(2)], "Export fails", Alice);

        var split = await _stores.Clusters.GetAsync(result.ClusterId!);
        Assert.Equal(("Export fails", 2L, ClusterStatus.New), (split!.Title, split.Size, split.Status));
        Assert.Equal(2, split.Sources["manual"]);
        Assert.Equal(2, split.DailyCounts.Sum());
        Assert.Equal(1, (await _stores.Clusters.GetAsync(source.Id))!.Size);
        Assert.Equal(1, (await _stores.Clusters.GetAsync(source.Id))!.DailyCounts.Sum());
        var activity = (await _stores.Curation.GetActivityAsync(split.Id))!;
        Assert.Equal([ActivityType.Created, ActivityType.Split], activity.Select(a => a.Type));
        Assert.Equal(("alice", "dashboard", source.Id), (activity[1].By, activity[1].Via, activity[1].From));
    }

    [Fact]
    public async Task Curating_a_fixing_cluster_is_refused_and_changes_nothing()
    {
        var fixing = (await _stores.AddJobAsync()).Job!.ClusterId;
        var other = await _stores.AddClusterAsync();
        var before = await _stores.Membership.GetVersionAsync();

        var merge = await _stores.Curation.MergeAsync(other.Id, fixing, Alice);
        var move = await _stores.Curation.MoveAsync(other.Id, await _stores.Membership.GetMembersAsync(fixing), Alice);

        Assert.Equal(CurationResult.Fixing(fixing), merge);
        Assert.Equal(CurationResult.Fixing(fixing), move);
        Assert.Equal(before, await _stores.Membership.GetVersionAsync());
    }

    [Fact]
    public async Task A_worker_commit_planned_before_a_curation_is_refused()
    {
        var cluster = await _stores.AddClusterAsync();
        var item = await _stores.AddFeedbackAsync();
        var planned = await _stores.Membership.GetVersionAsync();
        await _stores.Curation.MoveAsync(cluster.Id, [item], Alice);
        var lease = (await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30)))!;
        try
        {
            var committed = await _stores.Membership.CommitAsync(new MembershipChanges(
                [new ClusterMembershipUpdate(Ids.New(), [1f], [item], [], Opened: true)], []), lease, planned);

            Assert.False(committed);
            Assert.Equal(cluster.Id, (await _stores.Feedback.GetAsync(item))!.ClusterId);
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    [Fact]
    public async Task Under_concurrent_moves_and_worker_commits_every_report_stays_in_exactly_one_cluster()
    {
        var clusters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            clusters.Add((await _stores.AddClusterAsync(items: 6)).Id);
        }
        var items = new List<string>();
        foreach (var id in clusters)
        {
            items.AddRange(await _stores.Membership.GetMembersAsync(id));
        }

        async Task PersonAsync(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < 25; i++)
            {
                await _stores.Curation.MoveAsync(clusters[random.Next(clusters.Count)], [items[random.Next(items.Count)]], Alice);
            }
        }

        // As the worker commits: under the lease, fenced on the version its copy was loaded at.
        async Task WorkerAsync()
        {
            var random = new Random(7);
            var committed = 0;
            while (committed < 25)
            {
                var lease = await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30));
                Assert.NotNull(lease);
                try
                {
                    var version = await _stores.Membership.GetVersionAsync();
                    var space = (await _stores.Membership.LoadAllAsync()).Where(c => clusters.Contains(c.ClusterId)).ToList();
                    var from = space.Where(c => c.ItemIds.Count > 1).ElementAt(0);
                    var to = space.First(c => c.ClusterId != from.ClusterId);
                    var item = from.ItemIds[random.Next(from.ItemIds.Count)];
                    if (await _stores.Membership.CommitAsync(new MembershipChanges(
                        [
                            new ClusterMembershipUpdate(from.ClusterId, [1f], [], [item]),
                            new ClusterMembershipUpdate(to.ClusterId, [1f], [item], []),
                        ], []), lease, version))
                    {
                        committed++;
                    }
                }
                finally
                {
                    await lease.ReleaseAsync();
                }
            }
        }

        await Task.WhenAll(Task.Run(() => PersonAsync(1)), Task.Run(() => PersonAsync(2)), Task.Run(WorkerAsync));

        var live = (await _stores.Membership.LoadAllAsync()).Where(c => clusters.Contains(c.ClusterId)).ToList();
        var memberships = live.SelectMany(c => c.ItemIds.Select(item => (item, c.ClusterId))).ToList();
        Assert.Equal(items.Order(), memberships.Select(m => m.item).Order());
        foreach (var (item, clusterId) in memberships)
        {
            Assert.Equal(clusterId, (await _stores.Feedback.GetAsync(item))!.ClusterId);
        }
        foreach (var cluster in live)
        {
            Assert.Equal(cluster.ItemIds.Count, (await _stores.Clusters.GetAsync(cluster.ClusterId))!.Size);
        }
    }
}
