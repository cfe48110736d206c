using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Tests;

/// <summary>Reports per UTC day, kept by the membership commits, and the trend order and escalating flag read from them.</summary>
public sealed class ClusterTrendTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public async Task Daily_counts_are_kept_per_utc_day_of_created_at_when_reports_join_a_cluster()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var id = await OpenAsync(stores, [await ReportAsync(stores, -2, 1), await ReportAsync(stores, -2, 23), await ReportAsync(stores, 0, 0)]);

        await CommitAsync(stores, [new ClusterMembershipUpdate(id, [1f], [await ReportAsync(stores, -1, 5)], [])]);

        var cluster = (await stores.Clusters.GetAsync(id))!;
        Assert.Equal(30, cluster.DailyCounts.Count);
        Assert.Equal([2L, 1, 1], cluster.DailyCounts.TakeLast(3));
        Assert.Equal(4, cluster.DailyCounts.Sum());
        Assert.Equal(
            new Dictionary<string, string> { ["2026-03-08"] = "2", ["2026-03-09"] = "1", ["2026-03-10"] = "1" },
            (await stores.Db.HashGetAllAsync($"cluster:daily:{id}")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString()));
    }

    [Fact]
    public async Task A_worker_merge_adds_the_absorbed_reports_to_the_survivors_days_and_drops_the_absorbed_clusters_counts()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var survivor = await OpenAsync(stores, [await ReportAsync(stores, -3, 0)]);
        var moved = new[] { await ReportAsync(stores, -3, 6), await ReportAsync(stores, 0, 1) };
        var absorbed = await OpenAsync(stores, moved);

        await CommitAsync(stores, [new ClusterMembershipUpdate(survivor, [1f], moved, [])], [new ClusterMerge(absorbed, survivor)]);

        var merged = (await stores.Clusters.GetAsync(survivor))!;
        Assert.Equal([2L, 0, 0, 1], merged.DailyCounts.TakeLast(4));
        Assert.False(await stores.Db.KeyExistsAsync($"cluster:daily:{absorbed}"));
        Assert.Null(await stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByTrend, absorbed));
        Assert.Null(await stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByFirstSeen, absorbed));
    }

    [Fact]
    public async Task Moving_a_report_out_takes_it_off_its_day_and_the_day_goes_when_it_reaches_zero()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var leaving = await ReportAsync(stores, -1, 0);
        var from = await OpenAsync(stores, [leaving, await ReportAsync(stores, 0, 0)]);
        var to = await OpenAsync(stores, [await ReportAsync(stores, 0, 2)]);

        await CommitAsync(stores, [
            new ClusterMembershipUpdate(from, [1f], [], [leaving]),
            new ClusterMembershipUpdate(to, [1f], [leaving], []),
        ]);

        Assert.Equal([0L, 1], (await stores.Clusters.GetAsync(from))!.DailyCounts.TakeLast(2));
        Assert.False(await stores.Db.HashExistsAsync($"cluster:daily:{from}", "2026-03-09"));
        Assert.Equal([1L, 1], (await stores.Clusters.GetAsync(to))!.DailyCounts.TakeLast(2));
    }

    [Fact]
    public async Task Reports_older_than_thirty_days_are_not_counted_and_days_that_age_out_are_dropped_on_the_next_write()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var id = await OpenAsync(stores, [await ReportAsync(stores, -40, 0), await ReportAsync(stores, -29, 0), await ReportAsync(stores, -2, 0)]);
        Assert.Equal(["2026-02-09", "2026-03-08"], await DaysAsync(stores, id));

        _clock.Advance(TimeSpan.FromDays(5));
        await CommitAsync(stores, [new ClusterMembershipUpdate(id, [1f], [await ReportAsync(stores, 5, 0)], [])]);

        Assert.Equal(["2026-03-08", "2026-03-15"], await DaysAsync(stores, id));
        var cluster = (await stores.Clusters.GetAsync(id))!;
        Assert.Equal(2, cluster.DailyCounts.Sum());
        Assert.Equal(4, cluster.Size);
    }

    [Fact]
    public async Task Sort_by_trend_puts_a_fresh_burst_above_a_larger_steady_cluster_and_keeps_the_order_as_days_pass()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection, _clock);
        var steady = await OpenAsync(stores, [.. await Task.WhenAll(Enumerable.Range(0, 28).Select(day => ReportAsync(stores, -day, 0)))]);
        var burst = await OpenAsync(stores, [.. await Task.WhenAll(Enumerable.Range(0, 5).Select(minute => ReportAsync(stores, 0, minute)))]);
        var faded = await OpenAsync(stores, [.. await Task.WhenAll(Enumerable.Range(0, 20).Select(minute => ReportAsync(stores, -20, minute)))]);
        var quiet = await OpenAsync(stores, [await ReportAsync(stores, -45, 0)]);

        var today = await stores.Clusters.ListAsync(new ClusterQuery(Sort: ClusterSort.Trend));
        _clock.Advance(TimeSpan.FromDays(3));
        var later = await stores.Clusters.ListAsync(new ClusterQuery(Sort: ClusterSort.Trend));

        Assert.Equal([burst, steady, faded, quiet], today.Items.Select(c => c.Id));
        Assert.Equal([burst, steady, faded, quiet], later.Items.Select(c => c.Id));
        Assert.True(today.Items[0].Trend > today.Items[1].Trend && today.Items[1].Trend > today.Items[2].Trend, "trend descends with the order");
        Assert.Equal(0, today.Items[3].Trend);
        // Without new reports every trend falls by the same factor, which is why one stored key orders them at every time.
        var factor = Math.Exp(-ClusterTrend.DecayPerDay * 3);
        Assert.Equal(today.Items[0].Trend * factor, later.Items[0].Trend, 0.01);
        Assert.Equal(today.Items[1].Trend * factor, later.Items[1].Trend, 0.01);
    }

    [Fact]
    public async Task Paging_with_sort_trend_returns_every_cluster_once_in_trend_order()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection, _clock);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await OpenAsync(stores, [.. await Task.WhenAll(Enumerable.Range(0, 1 + (i % 3)).Select(m => ReportAsync(stores, -i, m)))]));
        }

        var pages = await Paging.AllPagesAsync(after => stores.Clusters.ListAsync(new ClusterQuery(Sort: ClusterSort.Trend, After: after, Limit: 3)));
        var all = pages.SelectMany(p => p).ToList();

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal(all.OrderByDescending(c => c.Trend).Select(c => c.Trend), all.Select(c => c.Trend));
    }

    [Fact]
    public async Task Sort_by_trend_with_a_status_keeps_only_clusters_of_that_status()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection, _clock);
        var rising = await OpenAsync(stores, [await ReportAsync(stores, 0, 0), await ReportAsync(stores, 0, 1)]);
        var ignored = await OpenAsync(stores, [await ReportAsync(stores, 0, 2), await ReportAsync(stores, 0, 3), await ReportAsync(stores, 0, 4)]);
        await stores.Clusters.ChangeAsync(ignored, new ClusterChanges(Status: ClusterStatus.Ignored), StatusTransitions.UserMayMove);

        var page = await stores.Clusters.ListAsync(new ClusterQuery(ClusterStatus.New, Sort: ClusterSort.Trend));

        Assert.Equal([rising], page.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Sort_by_first_seen_lists_the_cluster_whose_first_report_is_newest_first()
    {
        await using var dedicated = await DedicatedRedis.StartAsync();
        var stores = new StoreSet(dedicated.Server.Connection, _clock);
        var old = await OpenAsync(stores, [await ReportAsync(stores, -9, 0), await ReportAsync(stores, 0, 9)]);
        var fresh = await OpenAsync(stores, [await ReportAsync(stores, -1, 0)]);

        var page = await stores.Clusters.ListAsync(new ClusterQuery(Sort: ClusterSort.FirstSeen));

        Assert.Equal([fresh, old], page.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task A_cluster_is_escalating_when_today_has_at_least_three_reports_and_three_times_its_baseline()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var fresh = await OpenAsync(stores, [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(m => ReportAsync(stores, 0, m)))]);
        var steady = await OpenAsync(stores, [
            .. await Task.WhenAll(Enumerable.Range(1, 29).SelectMany(day => new[] { ReportAsync(stores, -day, 0), ReportAsync(stores, -day, 1) })),
            .. await Task.WhenAll(Enumerable.Range(0, 5).Select(m => ReportAsync(stores, 0, m))),
        ]);
        var small = await OpenAsync(stores, [await ReportAsync(stores, 0, 0), await ReportAsync(stores, 0, 1)]);

        Assert.True((await stores.Clusters.GetAsync(fresh))!.Escalating);
        Assert.False((await stores.Clusters.GetAsync(steady))!.Escalating);
        Assert.False((await stores.Clusters.GetAsync(small))!.Escalating);
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 3 }, true)]
    [InlineData(new long[] { 0, 0, 2 }, false)]
    [InlineData(new long[] { 2, 2, 6 }, true)]
    [InlineData(new long[] { 2, 2, 5 }, false)]
    [InlineData(new long[] { 10, 0, 0 }, false)]
    public void Escalating_needs_the_last_day_at_least_three_and_three_times_the_mean_of_the_days_before(long[] series, bool escalating) =>
        Assert.Equal(escalating, ClusterTrend.IsEscalating(series));

    [Fact]
    public async Task Clusters_counted_before_days_were_kept_are_counted_by_day_by_the_uncounted_pass()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var id = await OpenAsync(stores, [await ReportAsync(stores, -1, 0), await ReportAsync(stores, 0, 0)]);
        await ForgetDaysAsync(stores, id);
        Assert.Equal(0, (await stores.Clusters.GetAsync(id))!.DailyCounts.Sum());

        await stores.Membership.CountUncountedAsync();

        Assert.Equal([1L, 1], (await stores.Clusters.GetAsync(id))!.DailyCounts.TakeLast(2));
        Assert.NotNull(await stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByTrend, id));
        Assert.NotNull(await stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByFirstSeen, id));
    }

    [Fact]
    public async Task A_commit_to_a_cluster_never_counted_by_day_counts_all_its_members()
    {
        var stores = new StoreSet(redis.Connection, _clock);
        var id = await OpenAsync(stores, [await ReportAsync(stores, -2, 0), await ReportAsync(stores, -1, 0)]);
        await ForgetDaysAsync(stores, id);

        await CommitAsync(stores, [new ClusterMembershipUpdate(id, [1f], [await ReportAsync(stores, 0, 0)], [])]);

        Assert.Equal([1L, 1, 1], (await stores.Clusters.GetAsync(id))!.DailyCounts.TakeLast(3));
    }

    private static async Task ForgetDaysAsync(StoreSet stores, string id)
    {
        await stores.Db.KeyDeleteAsync($"cluster:daily:{id}");
        await stores.Db.SortedSetRemoveAsync(RedisKeys.ClustersByTrend, id);
        await stores.Db.SortedSetRemoveAsync(RedisKeys.ClustersByFirstSeen, id);
    }

    private static async Task<string[]> DaysAsync(StoreSet stores, string id) =>
        [.. (await stores.Db.HashKeysAsync($"cluster:daily:{id}")).Select(k => k.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>A report created <paramref name="day"/> days from today (UTC), at <paramref name="minute"/> past midnight.</summary>
    private static Task<string> ReportAsync(StoreSet stores, int day, int minute) =>
        stores.AddFeedbackAsync(new DateTimeOffset(Now.Date, TimeSpan.Zero).AddDays(day).AddMinutes(minute));

    private static async Task<string> OpenAsync(StoreSet stores, IReadOnlyList<string> items)
    {
        var id = Ids.New();
        await CommitAsync(stores, [new ClusterMembershipUpdate(id, [1f], items, [], Opened: true)]);
        return id;
    }

    private static async Task CommitAsync(StoreSet stores, IReadOnlyList<ClusterMembershipUpdate> updates, IReadOnlyList<ClusterMerge>? merges = null)
    {
        var lease = await RedisLease.TryAcquireAsync(stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The clustering lease is taken.");
        try
        {
            Assert.True(await stores.Membership.CommitAsync(new MembershipChanges(updates, merges ?? []), lease));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}
