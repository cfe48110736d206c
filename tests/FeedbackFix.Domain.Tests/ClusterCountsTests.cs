using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>A cluster's reports by source, first_seen and last_seen, kept by the membership commits.</summary>
public sealed class ClusterCountsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly StoreSet _stores = new(redis.Connection);

    [Fact]
    public async Task Opening_a_cluster_counts_its_reports_by_source_and_keeps_the_first_and_last()
    {
        var items = new[] { await ReportAsync(2, FeedbackSource.Reddit), await ReportAsync(0, FeedbackSource.Reddit), await ReportAsync(5, FeedbackSource.Manual) };

        var id = await OpenAsync(items);

        var cluster = (await _stores.Clusters.GetAsync(id))!;
        Assert.Equal(new Dictionary<string, long> { ["manual"] = 1, ["reddit"] = 2 }, cluster.Sources);
        Assert.Equal((T0, T0.AddMinutes(5)), (cluster.FirstSeen, cluster.LastSeen));
        Assert.Equal(T0.AddMinutes(5).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen", id));
        Assert.Equal(T0.AddMinutes(5).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", id));
        Assert.Equal("2026-01-10T08:05:00.000Z", (string?)await _stores.Db.HashGetAsync($"cluster:{id}", "last_seen"));
    }

    [Fact]
    public async Task Placing_items_adds_their_sources_and_widens_the_range_both_ways()
    {
        var id = await OpenAsync([await ReportAsync(10, FeedbackSource.Sentry)]);
        var older = await ReportAsync(1, FeedbackSource.Github);
        var newer = await ReportAsync(20, FeedbackSource.Sentry);

        await CommitAsync(new ClusterMembershipUpdate(id, [1f], [older, newer], []));

        var cluster = (await _stores.Clusters.GetAsync(id))!;
        Assert.Equal(new Dictionary<string, long> { ["github"] = 1, ["sentry"] = 2 }, cluster.Sources);
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(20)), (cluster.FirstSeen, cluster.LastSeen));
    }

    [Fact]
    public async Task Moving_the_latest_and_earliest_reports_away_finds_the_range_again_from_the_members_left()
    {
        var earliest = await ReportAsync(0, FeedbackSource.Manual);
        var middle = await ReportAsync(3, FeedbackSource.Reddit);
        var latest = await ReportAsync(9, FeedbackSource.Manual);
        var from = await OpenAsync([earliest, middle, latest]);
        var to = await OpenAsync([await ReportAsync(4, FeedbackSource.Sentry)]);

        await CommitAsync(
            new ClusterMembershipUpdate(from, [1f], [], [earliest, latest]),
            new ClusterMembershipUpdate(to, [1f], [earliest, latest], []));

        var left = (await _stores.Clusters.GetAsync(from))!;
        Assert.Equal(new Dictionary<string, long> { ["reddit"] = 1 }, left.Sources);
        Assert.Equal((T0.AddMinutes(3), T0.AddMinutes(3)), (left.FirstSeen, left.LastSeen));
        Assert.False(await _stores.Db.HashExistsAsync($"cluster:{from}", "source_count:manual"));
        Assert.Equal(T0.AddMinutes(3).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen", from));
        var gained = (await _stores.Clusters.GetAsync(to))!;
        Assert.Equal(new Dictionary<string, long> { ["manual"] = 2, ["sentry"] = 1 }, gained.Sources);
        Assert.Equal((T0, T0.AddMinutes(9)), (gained.FirstSeen, gained.LastSeen));
    }

    [Fact]
    public async Task Moving_a_report_from_inside_the_range_keeps_the_range_and_takes_its_source_away()
    {
        var inside = await ReportAsync(5, FeedbackSource.Github);
        var from = await OpenAsync([await ReportAsync(0, FeedbackSource.Manual), inside, await ReportAsync(9, FeedbackSource.Manual)]);
        var to = await OpenAsync([await ReportAsync(30, FeedbackSource.Manual)]);

        await CommitAsync(
            new ClusterMembershipUpdate(from, [1f], [], [inside]),
            new ClusterMembershipUpdate(to, [1f], [inside], []));

        var left = (await _stores.Clusters.GetAsync(from))!;
        Assert.Equal(new Dictionary<string, long> { ["manual"] = 2 }, left.Sources);
        Assert.Equal((T0, T0.AddMinutes(9)), (left.FirstSeen, left.LastSeen));
        var gained = (await _stores.Clusters.GetAsync(to))!;
        Assert.Equal((T0.AddMinutes(5), T0.AddMinutes(30)), (gained.FirstSeen, gained.LastSeen));
    }

    [Fact]
    public async Task A_merge_gives_the_survivor_the_absorbed_reports_and_takes_the_absorbed_cluster_out_of_the_last_seen_indexes()
    {
        var survivor = await OpenAsync([await ReportAsync(1, FeedbackSource.Reddit), await ReportAsync(2, FeedbackSource.Reddit)]);
        var moved = await ReportAsync(40, FeedbackSource.Sentry);
        var absorbed = await OpenAsync([moved]);

        await CommitAsync([new ClusterMembershipUpdate(survivor, [1f], [moved], [])], [new ClusterMerge(absorbed, survivor)]);

        var merged = (await _stores.Clusters.GetAsync(survivor))!;
        Assert.Equal(new Dictionary<string, long> { ["reddit"] = 2, ["sentry"] = 1 }, merged.Sources);
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(40)), (merged.FirstSeen, merged.LastSeen));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen", absorbed));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", absorbed));
    }

    [Fact]
    public async Task Folding_a_small_cluster_spreads_its_reports_counts_over_the_clusters_that_took_them()
    {
        var first = await OpenAsync([await ReportAsync(10, FeedbackSource.Manual)]);
        var second = await OpenAsync([await ReportAsync(10, FeedbackSource.Manual)]);
        var toFirst = await ReportAsync(2, FeedbackSource.Github);
        var toSecond = await ReportAsync(50, FeedbackSource.Reddit);
        var folded = await OpenAsync([toFirst, toSecond]);

        await CommitAsync(
            [new ClusterMembershipUpdate(first, [1f], [toFirst], []), new ClusterMembershipUpdate(second, [1f], [toSecond], [])],
            [new ClusterMerge(folded, first)]);

        var a = (await _stores.Clusters.GetAsync(first))!;
        var b = (await _stores.Clusters.GetAsync(second))!;
        AssertCounts(a, new Dictionary<string, long> { ["github"] = 1, ["manual"] = 1 }, T0.AddMinutes(2), T0.AddMinutes(10));
        AssertCounts(b, new Dictionary<string, long> { ["manual"] = 1, ["reddit"] = 1 }, T0.AddMinutes(10), T0.AddMinutes(50));
        Assert.False(await _stores.Db.KeyExistsAsync($"cluster:{folded}"));
    }

    [Fact]
    public async Task Adding_an_item_that_is_a_member_already_counts_it_once()
    {
        var item = await ReportAsync(3, FeedbackSource.Reddit);
        var id = await OpenAsync([item]);

        await CommitAsync(new ClusterMembershipUpdate(id, [1f], [item], []));

        Assert.Equal(new Dictionary<string, long> { ["reddit"] = 1 }, (await _stores.Clusters.GetAsync(id))!.Sources);
    }

    [Fact]
    public async Task A_cluster_written_before_the_counts_reads_without_them_and_is_counted_in_full_by_its_next_commit()
    {
        var id = await OpenAsync([await ReportAsync(0, FeedbackSource.Manual), await ReportAsync(7, FeedbackSource.Github)]);
        await ForgetCountsAsync(id);
        var uncounted = (await _stores.Clusters.GetAsync(id))!;
        Assert.Empty(uncounted.Sources);
        Assert.Null(uncounted.FirstSeen);
        Assert.Null(uncounted.LastSeen);

        await CommitAsync(new ClusterMembershipUpdate(id, [1f], [await ReportAsync(4, FeedbackSource.Manual)], []));

        var counted = (await _stores.Clusters.GetAsync(id))!;
        AssertCounts(counted, new Dictionary<string, long> { ["github"] = 1, ["manual"] = 2 }, T0, T0.AddMinutes(7));
        Assert.Equal(T0.AddMinutes(7).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", id));
    }

    [Fact]
    public async Task Counting_the_uncounted_clusters_fills_in_those_written_before_the_counts_and_only_those()
    {
        var old = await OpenAsync([await ReportAsync(1, FeedbackSource.Sentry), await ReportAsync(6, FeedbackSource.Sentry)]);
        var ignoredOld = await OpenAsync([await ReportAsync(8, FeedbackSource.Reddit)]);
        await _stores.Clusters.ChangeAsync(ignoredOld, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        await ForgetCountsAsync(old);
        await ForgetCountsAsync(ignoredOld);
        var current = await OpenAsync([await ReportAsync(2, FeedbackSource.Manual)]);
        await _stores.Db.HashSetAsync($"cluster:{current}", "source_count:manual", 99);

        var first = await _stores.Membership.CountUncountedAsync();
        var second = await _stores.Membership.CountUncountedAsync();

        Assert.True(first >= 2, $"counted {first}");
        Assert.Equal(0, second);
        var counted = (await _stores.Clusters.GetAsync(old))!;
        AssertCounts(counted, new Dictionary<string, long> { ["sentry"] = 2 }, T0.AddMinutes(1), T0.AddMinutes(6));
        Assert.Equal(T0.AddMinutes(6).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", old));
        Assert.Equal(T0.AddMinutes(8).ToUnixTimeMilliseconds(), await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:ignored", ignoredOld));
        Assert.Null(await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", ignoredOld));
        Assert.Equal(99, (await _stores.Clusters.GetAsync(current))!.Sources["manual"]);
    }

    [Fact]
    public async Task Status_changes_move_a_cluster_between_the_last_seen_indexes_of_its_statuses()
    {
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "s", [await ReportAsync(12, FeedbackSource.Manual)], TestData.RepoUrl));
        var seen = T0.AddMinutes(12).ToUnixTimeMilliseconds();
        Assert.Equal(seen, await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen:new", cluster.Id));

        var job = await _stores.Jobs.CreateAsync(cluster.Id, TestData.RepoUrl, "process", enqueue: false, null);
        Assert.Equal((null, seen), await ScoresAsync(cluster.Id, ClusterStatus.New, ClusterStatus.Fixing));

        await _stores.Jobs.ChangeAsync(job.Job!.Id, new JobChanges(Contracts.Jobs.JobStatus.Cancelled));
        Assert.Equal((seen, null), await ScoresAsync(cluster.Id, ClusterStatus.New, ClusterStatus.Fixing));

        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);
        Assert.Equal((null, seen), await ScoresAsync(cluster.Id, ClusterStatus.New, ClusterStatus.Ignored));
        Assert.Equal(seen, await _stores.Db.SortedSetScoreAsync("clusters:by_last_seen", cluster.Id));
    }

    [Fact]
    public async Task Creating_a_cluster_over_items_counts_them()
    {
        var cluster = await _stores.Clusters.CreateAsync(new NewCluster("Crash", "s",
            [await ReportAsync(3, FeedbackSource.Github), await ReportAsync(1, FeedbackSource.Manual)]));

        AssertCounts(cluster, new Dictionary<string, long> { ["github"] = 1, ["manual"] = 1 }, T0.AddMinutes(1), T0.AddMinutes(3));
    }

    private static void AssertCounts(IssueCluster cluster, Dictionary<string, long> sources, DateTimeOffset firstSeen, DateTimeOffset lastSeen)
    {
        Assert.Equal(sources, cluster.Sources);
        Assert.Equal((firstSeen, lastSeen), (cluster.FirstSeen, cluster.LastSeen));
    }

    private async Task<(double?, double?)> ScoresAsync(string id, ClusterStatus from, ClusterStatus to) =>
        (await _stores.Db.SortedSetScoreAsync($"clusters:by_last_seen:{from.ToRedis()}", id),
         await _stores.Db.SortedSetScoreAsync($"clusters:by_last_seen:{to.ToRedis()}", id));

    private Task<string> ReportAsync(int minute, FeedbackSource source) => _stores.AddFeedbackAsync(T0.AddMinutes(minute), source);

    /// <summary>Makes a cluster look as one written before the counts existed.</summary>
    private async Task ForgetCountsAsync(string id)
    {
        var fields = (await _stores.Db.HashKeysAsync($"cluster:{id}"))
            .Where(f => f.ToString().StartsWith("source_count:", StringComparison.Ordinal) || f == "first_seen" || f == "last_seen").ToArray();
        await _stores.Db.HashDeleteAsync($"cluster:{id}", fields);
        foreach (var status in Enum.GetValues<ClusterStatus>())
        {
            await _stores.Db.SortedSetRemoveAsync($"clusters:by_last_seen:{status.ToRedis()}", id);
        }
        await _stores.Db.SortedSetRemoveAsync("clusters:by_last_seen", id);
    }

    private async Task<string> OpenAsync(IReadOnlyList<string> items)
    {
        var id = Ids.New();
        await CommitAsync(new ClusterMembershipUpdate(id, [1f], items, [], Opened: true));
        return id;
    }

    private Task CommitAsync(params ClusterMembershipUpdate[] updates) => CommitAsync(updates, []);

    private async Task CommitAsync(IReadOnlyList<ClusterMembershipUpdate> updates, IReadOnlyList<ClusterMerge> merges)
    {
        var lease = await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The clustering lease is taken.");
        try
        {
            Assert.True(await _stores.Membership.CommitAsync(new MembershipChanges(updates, merges), lease));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}
