using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>No job left hanging: stopped tasks, silent agents and cancelled jobs.</summary>
public sealed class JobReconcilerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_task_that_stopped_without_a_final_report_fails_its_job_with_the_stop_reason()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        scenario.Launcher.States[job.TaskRef!] = new AgentTaskState(AgentTaskStatus.Stopped, "Essential container in task exited (exit code 137)", 137);

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Equal("the agent stopped without a final report: Essential container in task exited (exit code 137)", stored.Error);
        Assert.Equal(ClusterStatus.New, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
        var lines = await scenario.Jobs.GetLogsAsync(job.Id, null, 100);
        Assert.Contains(lines, line => line.Line.Contains("exit code 137", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_that_reported_its_end_is_left_as_it_is_when_its_task_stops()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        await scenario.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Succeeded, PrUrl: "https://github.com/acme/widgets/pull/2"));
        scenario.Launcher.States[job.TaskRef!] = new AgentTaskState(AgentTaskStatus.Stopped, "Essential container in task exited", 0);

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Succeeded, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        Assert.Equal(ClusterStatus.FixProposed, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_running_job_silent_past_the_heartbeat_timeout_fails_and_its_task_is_stopped()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        scenario.Clock.Advance(HeartbeatTimeout + TimeSpan.FromSeconds(30));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.StartsWith("agent stopped reporting: no report for 5 min", stored.Error, StringComparison.Ordinal);
        Assert.Contains(scenario.Launcher.Stops, stop => stop.TaskRef == job.TaskRef);
    }

    [Fact]
    public async Task A_running_job_that_reports_in_time_and_whose_task_runs_is_left_alone()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        scenario.Clock.Advance(HeartbeatTimeout - TimeSpan.FromSeconds(30));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        Assert.DoesNotContain(scenario.Launcher.Stops, stop => stop.TaskRef == job.TaskRef);
    }

    [Fact]
    public async Task A_cancelled_job_has_its_task_stopped_once()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        await scenario.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);
        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        var stop = Assert.Single(scenario.Launcher.Stops, stop => stop.TaskRef == job.TaskRef);
        Assert.Equal("the job is cancelled", stop.Reason);
        Assert.DoesNotContain(job.Id, await scenario.Jobs.GetStoppingAsync());
        Assert.Equal(JobStatus.Cancelled, (await scenario.Jobs.GetAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_launcher_that_cannot_be_asked_neither_stops_the_pass_nor_saves_a_silent_job()
    {
        await using var scenario = await StartAsync();
        var (unreachable, _) = await scenario.RunningJobAsync();
        var (stopped, _) = await scenario.RunningJobAsync();
        scenario.Launcher.Unreachable[unreachable.TaskRef!] = true;
        scenario.Launcher.States[stopped.TaskRef!] = new AgentTaskState(AgentTaskStatus.Stopped, "exit code 1", 1);
        scenario.Clock.Advance(HeartbeatTimeout + TimeSpan.FromMinutes(1));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.StartsWith("agent stopped reporting", (await scenario.Jobs.GetAsync(unreachable.Id))!.Error, StringComparison.Ordinal);
        Assert.StartsWith("the agent stopped without a final report", (await scenario.Jobs.GetAsync(stopped.Id))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_still_starting_is_not_held_to_the_heartbeat()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        scenario.Launcher.States[job.TaskRef!] = new AgentTaskState(AgentTaskStatus.Starting);
        scenario.Clock.Advance(HeartbeatTimeout + TimeSpan.FromMinutes(1));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_cancellation_nobody_asked_for_fails_one_check_and_the_pass_goes_on()
    {
        await using var scenario = await StartAsync();
        var (dropped, _) = await scenario.RunningJobAsync();
        var (stopped, _) = await scenario.RunningJobAsync();
        // What awaiting a Redis command the client dropped unwritten throws: cancelled, without a token.
        scenario.Launcher.DescribeFaults[dropped.TaskRef!] = new TaskCanceledException();
        scenario.Launcher.States[stopped.TaskRef!] = new AgentTaskState(AgentTaskStatus.Stopped, "Essential container in task exited", 1);

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Running, (await scenario.Jobs.GetAsync(dropped.Id))!.Status);
        Assert.Equal(JobStatus.Failed, (await scenario.Jobs.GetAsync(stopped.Id))!.Status);
    }

    [Fact]
    public async Task A_stop_that_fails_is_tried_again_next_pass()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.RunningJobAsync();
        await scenario.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));
        scenario.Launcher.FailingStops = 1;

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);
        Assert.Contains(job.Id, await scenario.Jobs.GetStoppingAsync());
        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Single(scenario.Launcher.Stops, stop => stop.TaskRef == job.TaskRef);
        Assert.DoesNotContain(job.Id, await scenario.Jobs.GetStoppingAsync());
    }

    [Fact]
    public async Task A_post_jobs_job_nobody_reports_on_fails_after_the_heartbeat_window_and_frees_its_cluster()
    {
        await using var scenario = await StartAsync();
        var job = await scenario.ManualJobAsync();
        Assert.Equal(ClusterStatus.Fixing, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
        scenario.Clock.Advance(HeartbeatTimeout + TimeSpan.FromSeconds(30));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.StartsWith("nobody reported on this job within 5 min (Orchestrator:HeartbeatTimeout", stored.Error, StringComparison.Ordinal);
        var cluster = (await scenario.Clusters.GetAsync(job.ClusterId))!;
        Assert.Equal(ClusterStatus.New, cluster.Status);
        Assert.Null(cluster.ActiveJobId);
    }

    [Fact]
    public async Task A_post_jobs_job_within_the_heartbeat_window_is_left_queued()
    {
        await using var scenario = await StartAsync();
        var job = await scenario.ManualJobAsync();
        scenario.Clock.Advance(HeartbeatTimeout - TimeSpan.FromSeconds(30));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Queued, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        Assert.Equal(ClusterStatus.Fixing, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_post_jobs_job_whose_agent_sends_heartbeats_is_not_failed()
    {
        await using var scenario = await StartAsync();
        var job = await scenario.ManualJobAsync();
        scenario.Clock.Advance(HeartbeatTimeout - TimeSpan.FromMinutes(1));
        // An empty PATCH /jobs/{id}: a heartbeat, the job stays queued.
        Assert.Equal(ChangeOutcome.Changed, (await scenario.JobsOnClock.ChangeAsync(job.Id, new JobChanges())).Outcome);
        scenario.Clock.Advance(TimeSpan.FromMinutes(2));

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Queued, (await scenario.Jobs.GetAsync(job.Id))!.Status);
        Assert.Equal(ClusterStatus.Fixing, (await scenario.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_queued_job_for_the_orchestrator_is_left_to_the_launch_worker_however_long_it_waits()
    {
        await using var scenario = await StartAsync();
        var (job, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        scenario.Clock.Advance(HeartbeatTimeout * 3);

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Queued, (await scenario.Jobs.GetAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_job_waiting_for_a_launch_whose_queue_entry_is_gone_fails_saying_so_and_frees_its_cluster()
    {
        await using var scenario = await StartAsync();
        var (lost, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());
        await redis.Connection.GetDatabase().KeyDeleteAsync(RedisKeys.JobsStream);
        var (kept, _) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync());

        await scenario.Reconciler.ReconcileOnceAsync(CancellationToken.None);

        var failed = (await scenario.Jobs.GetAsync(lost.Id))!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.StartsWith("the job's entry in the launch queue (stream:jobs) is gone", failed.Error, StringComparison.Ordinal);
        Assert.Equal(ClusterStatus.New, (await scenario.Clusters.GetAsync(lost.ClusterId))!.Status);
        Assert.Equal(JobStatus.Queued, (await scenario.Jobs.GetAsync(kept.Id))!.Status);
        Assert.Equal(ClusterStatus.Fixing, (await scenario.Clusters.GetAsync(kept.ClusterId))!.Status);
    }

    private Task<OrchestratorScenario> StartAsync() =>
        OrchestratorScenario.StartAsync(redis.Connection, configure: options => options.HeartbeatTimeout = HeartbeatTimeout);
}
