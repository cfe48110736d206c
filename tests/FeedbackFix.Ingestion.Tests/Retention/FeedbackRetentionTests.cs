using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Retention;

namespace FeedbackFix.Ingestion.Tests.Retention;

/// <summary>One retention pass, run by hand against a redis-server of each test's own.</summary>
public sealed class FeedbackRetentionTests
{
    private static readonly RetentionOptions ThirtyDays = new() { FeedbackMaxAgeDays = 30 };

    [Fact]
    public async Task Reports_older_than_the_age_are_deleted_and_leave_their_cluster_whose_counts_and_activity_follow()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var old = new[] { await scenario.AddReportAsync(TimeSpan.FromDays(45)), await scenario.AddReportAsync(TimeSpan.FromDays(31)) };
        var young = await scenario.AddReportAsync(TimeSpan.FromDays(29));
        var cluster = await scenario.Clusters.CreateAsync(new NewCluster("Export fails", "Three reports.", [.. old, young]));

        var pass = await scenario.Retention(ThirtyDays).RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Completed, Deleted: 2), pass);
        Assert.False(await scenario.ExistsAsync(old[0]));
        Assert.False(await scenario.ExistsAsync(old[1]));
        Assert.Equal([young], (await scenario.Redis.Connection.GetDatabase().SortedSetRangeByRankAsync(RedisKeys.FeedbackAll)).Select(v => v.ToString()));
        var after = await scenario.Clusters.GetAsync(cluster.Id);
        Assert.Equal((1L, 1L), (after!.Size, after.Sources["manual"]));
        var activity = (await scenario.Curation.GetActivityAsync(cluster.Id))![0];
        Assert.Equal((ActivityType.Deleted, ActivityActors.Retention, 2L), (activity.Type, activity.By, activity.Count));
        Assert.Equal(old.Order(StringComparer.Ordinal), activity.FeedbackIds!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reports_younger_than_the_age_stay()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var young = await scenario.AddReportAsync(TimeSpan.FromDays(29));
        var unclustered = await scenario.AddReportAsync(TimeSpan.FromHours(1));

        var pass = await scenario.Retention(ThirtyDays).RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Completed), pass);
        Assert.True(await scenario.ExistsAsync(young));
        Assert.True(await scenario.ExistsAsync(unclustered));
    }

    [Fact]
    public async Task Off_by_default_a_pass_deletes_nothing_however_old()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var ancient = await scenario.AddReportAsync(TimeSpan.FromDays(3650));

        var pass = await scenario.Retention(new RetentionOptions()).RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Off), pass);
        Assert.True(await scenario.ExistsAsync(ancient));
    }

    [Fact]
    public async Task A_report_in_a_fixing_cluster_stays_and_goes_on_a_later_pass_once_the_fix_ended()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var inFix = await scenario.AddReportAsync(TimeSpan.FromDays(40));
        var elsewhere = await scenario.AddReportAsync(TimeSpan.FromDays(35));
        var fixing = await scenario.Clusters.CreateAsync(new NewCluster("Export fails", "One report.", [inFix]));
        var job = (await scenario.Jobs.CreateAsync(fixing.Id, "https://github.com/octo/app", "process", enqueue: false, traceParent: null)).Job!;
        var retention = scenario.Retention(ThirtyDays);

        var first = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Completed, Deleted: 1, KeptWhileFixing: 1), first);
        Assert.True(await scenario.ExistsAsync(inFix));
        Assert.False(await scenario.ExistsAsync(elsewhere));
        var kept = Assert.Single(scenario.PassLog.Collector.GetSnapshot(), r => r.Message.Contains("being fixed", StringComparison.Ordinal));
        Assert.Contains(fixing.Id, kept.Message, StringComparison.Ordinal);

        Assert.True(await scenario.Jobs.FailAsync(job.Id, "the agent stopped"));
        var second = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Completed, Deleted: 1), second);
        Assert.False(await scenario.ExistsAsync(inFix));
        Assert.Null(await scenario.Clusters.GetAsync(fixing.Id));
    }

    [Fact]
    public async Task A_pass_looks_at_no_more_than_its_share_and_the_next_one_goes_on_oldest_first()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var oldestFirst = new List<string>();
        for (var days = 60; days > 55; days--)
        {
            oldestFirst.Add(await scenario.AddReportAsync(TimeSpan.FromDays(days)));
        }
        var retention = scenario.Retention(new RetentionOptions { FeedbackMaxAgeDays = 30, MaxReportsPerRun = 3 });

        var first = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(3, first.Deleted);
        var kept = await Task.WhenAll(oldestFirst.Select(scenario.ExistsAsync));
        Assert.Equal([false, false, false, true, true], kept);
        Assert.Equal(2, (await retention.RunAsync(CancellationToken.None)).Deleted);
    }

    [Fact]
    public async Task Reports_deleted_and_kept_while_fixing_are_counted()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var inFix = await scenario.AddReportAsync(TimeSpan.FromDays(40));
        await scenario.AddReportAsync(TimeSpan.FromDays(40));
        await scenario.AddReportAsync(TimeSpan.FromDays(50));
        var fixing = await scenario.Clusters.CreateAsync(new NewCluster("Export fails", "One report.", [inFix]));
        await scenario.Jobs.CreateAsync(fixing.Id, "https://github.com/octo/app", "process", enqueue: false, traceParent: null);
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RetentionTelemetry.Name && instrument.Meter.Scope == scenario.Meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        await scenario.Retention(ThirtyDays).RunAsync(CancellationToken.None);

        Assert.Equal(2, totals.GetValueOrDefault("feedbackfix.retention.deleted"));
        Assert.Equal(1, totals.GetValueOrDefault("feedbackfix.retention.kept_while_fixing"));
    }

    [Fact]
    public async Task While_another_replica_holds_the_retention_lease_a_pass_leaves_the_work_to_it()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        var old = await scenario.AddReportAsync(TimeSpan.FromDays(40));
        await scenario.Redis.Connection.GetDatabase().StringSetAsync(RedisKeys.RetentionLock, "another-replica", TimeSpan.FromMinutes(1));

        var pass = await scenario.Retention(ThirtyDays).RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPass(RetentionPassOutcome.Busy), pass);
        Assert.True(await scenario.ExistsAsync(old));
        Assert.Equal("another-replica", (string?)await scenario.Redis.Connection.GetDatabase().StringGetAsync(RedisKeys.RetentionLock));
    }

    [Fact]
    public async Task A_pass_releases_its_lease_so_the_next_one_on_any_replica_can_run()
    {
        await using var scenario = await RetentionScenario.StartAsync();
        await scenario.AddReportAsync(TimeSpan.FromDays(40));

        await scenario.Retention(ThirtyDays).RunAsync(CancellationToken.None);

        Assert.False(await scenario.Redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.RetentionLock));
    }
}
