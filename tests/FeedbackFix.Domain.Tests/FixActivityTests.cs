using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>
/// The cluster's activity follows its fix: a job's end that moves the cluster, a pull request that
/// moves it, and a report that regresses a fixed cluster are each recorded with who did it.
/// </summary>
public sealed class FixActivityTests : IClassFixture<RedisServer>
{
    private const string Repository = "octo/app";

    private readonly ManualClock _clock = new();
    private readonly StoreSet _stores;

    public FixActivityTests(RedisServer redis)
    {
        _stores = new StoreSet(redis.Connection, _clock);
    }

    [Fact]
    public async Task A_job_the_agent_ends_with_a_pull_request_records_fix_proposed_by_the_agent_with_the_job()
    {
        var job = await RunningJobAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Succeeded, PrUrl: $"https://github.com/{Repository}/pull/3"), actor: Actor.Agent);

        var entry = (await ActivityAsync(job.ClusterId))[0];
        Assert.Equal((ActivityType.Status, "agent", job.Id), (entry.Type, entry.By, entry.JobId));
        Assert.Equal((ClusterStatus.Fixing, ClusterStatus.FixProposed), (entry.StatusFrom, entry.StatusTo));
        Assert.Equal(_clock.GetUtcNow(), entry.At);
    }

    [Fact]
    public async Task A_job_the_orchestrator_fails_records_the_cluster_back_to_new_by_the_orchestrator()
    {
        var job = await RunningJobAsync();

        await _stores.Jobs.FailAsync(job.Id, "agent stopped reporting");

        var entry = (await ActivityAsync(job.ClusterId))[0];
        Assert.Equal((ActivityType.Status, "orchestrator", job.Id), (entry.Type, entry.By, entry.JobId));
        Assert.Equal((ClusterStatus.Fixing, ClusterStatus.New), (entry.StatusFrom, entry.StatusTo));
    }

    [Fact]
    public async Task A_job_a_person_cancels_records_the_cluster_back_to_new_by_that_person_and_key()
    {
        var job = await RunningJobAsync();

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled), actor: Actor.FromCaller("dashboard", "ada@example.com"));

        var entry = (await ActivityAsync(job.ClusterId))[0];
        Assert.Equal(("ada@example.com", "dashboard", job.Id), (entry.By, entry.Via, entry.JobId));
        Assert.Equal(ClusterStatus.New, entry.StatusTo);
    }

    [Fact]
    public async Task A_report_that_does_not_end_the_job_records_nothing()
    {
        var job = await RunningJobAsync();
        var before = await ActivityAsync(job.ClusterId);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(Logs: ["still working"]), actor: Actor.Agent);

        Assert.Equal(before, await ActivityAsync(job.ClusterId));
    }

    [Fact]
    public async Task A_job_ending_after_its_cluster_moved_on_records_nothing()
    {
        var job = await RunningJobAsync();
        // A newer job took the cluster over: the cluster waits on that one now.
        await _stores.Db.HashSetAsync(RedisKeys.Cluster(job.ClusterId), "active_job_id", "another-job");
        var before = await ActivityAsync(job.ClusterId);

        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Failed), actor: Actor.Agent);

        Assert.Equal(before, await ActivityAsync(job.ClusterId));
        Assert.Equal(ClusterStatus.Fixing, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_merged_pull_request_records_fixed_by_github_with_the_job()
    {
        var job = await RunningJobAsync();
        var number = Random.Shared.NextInt64(1, 1_000_000_000);
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Succeeded, PrUrl: $"https://github.com/{Repository}/pull/{number}"), actor: Actor.Agent);

        await _stores.PullRequests.ApplyAsync(new PullRequestQueueEntry(
            Repository, number, "closed", Merged: true, DateTimeOffset.UnixEpoch.AddYears(56), Guid.NewGuid().ToString(), null));

        var entry = (await ActivityAsync(job.ClusterId))[0];
        Assert.Equal((ActivityType.Status, "github", job.Id), (entry.Type, entry.By, entry.JobId));
        Assert.Equal((ClusterStatus.FixProposed, ClusterStatus.Fixed), (entry.StatusFrom, entry.StatusTo));
    }

    [Fact]
    public async Task A_report_joining_a_fixed_cluster_records_regressed_by_the_worker_above_the_join()
    {
        var cluster = await _stores.AddClusterAsync(items: 1);
        await _stores.Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Fixed), StatusTransitions.UserMayMove);
        var report = await _stores.AddFeedbackAsync();

        var committed = await JoinAsWorkerAsync(cluster.Id, report);

        Assert.True(committed);
        var activity = await ActivityAsync(cluster.Id);
        Assert.Equal([ActivityType.Status, ActivityType.Joined], activity.Take(2).Select(a => a.Type));
        var regressed = activity[0];
        Assert.Equal("worker", regressed.By);
        Assert.Equal((ClusterStatus.Fixed, ClusterStatus.Regressed), (regressed.StatusFrom, regressed.StatusTo));
        Assert.Equal([report], regressed.FeedbackIds);
    }

    [Fact]
    public async Task A_report_joining_a_new_cluster_records_no_change_of_status()
    {
        var cluster = await _stores.AddClusterAsync(items: 1);
        var report = await _stores.AddFeedbackAsync();

        await JoinAsWorkerAsync(cluster.Id, report);

        Assert.DoesNotContain(await ActivityAsync(cluster.Id), a => a.Type == ActivityType.Status);
    }

    private async Task<AgentJob> RunningJobAsync()
    {
        var job = (await _stores.AddJobAsync()).Job!;
        await _stores.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Running), actor: Actor.Agent);
        return job;
    }

    private async Task<IReadOnlyList<ClusterActivity>> ActivityAsync(string clusterId) =>
        (await _stores.Curation.GetActivityAsync(clusterId))!;

    // The worker's commit of one report joining a cluster of one, under the clustering lease.
    private async Task<bool> JoinAsWorkerAsync(string clusterId, string report)
    {
        var lease = await RedisLease.TryAcquireAsync(_stores.Db, RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The clustering lease is taken.");
        try
        {
            return await _stores.Membership.CommitAsync(
                new MembershipChanges([new ClusterMembershipUpdate(clusterId, [1f], [report], [])], []), lease);
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }
}
