using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.AgentOrchestrator.Reconciling;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>The orchestrator's launch and watch, with the real ecs launcher against the fake ECS.</summary>
public sealed class EcsReconcileTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_task_that_stopped_without_a_final_report_fails_its_job_with_the_ECS_stop_reason()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        await using var ecs = await EcsScenario.StartAsync();
        var job = await LaunchAsync(scenario, ecs);
        ecs.Fake.SetTaskState(job.TaskRef!, "STOPPED", stoppedReason: "Essential container in task exited", exitCode: 2);

        await Reconciler(scenario, ecs).ReconcileOnceAsync(CancellationToken.None);

        var stored = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, stored.Status);
        Assert.Contains("Essential container in task exited", stored.Error, StringComparison.Ordinal);
        Assert.Contains("exit code 2", stored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_job_stops_its_ECS_task()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        await using var ecs = await EcsScenario.StartAsync();
        var job = await LaunchAsync(scenario, ecs);
        await scenario.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Cancelled));

        await Reconciler(scenario, ecs).ReconcileOnceAsync(CancellationToken.None);

        var stop = Assert.Single(ecs.Fake.RequestsFor("StopTask"));
        Assert.Equal(job.TaskRef, stop.Body.GetProperty("task").GetString());
        Assert.Equal("STOPPED", ecs.Fake.TaskStatus(job.TaskRef!));
    }

    [Fact]
    public async Task A_launch_refused_for_want_of_capacity_is_tried_again_as_a_new_request_that_starts_the_agent()
    {
        await using var scenario = await OrchestratorScenario.StartAsync(redis.Connection);
        await using var ecs = await EcsScenario.StartAsync();
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(issueUrl: "https://github.com/acme/widgets/issues/1"), launcher: "ecs");
        var launcher = ActivatorUtilities.CreateInstance<JobLauncher>(scenario.Services, new AgentLaunchers([ecs.Launcher]));
        ecs.Fake.ShortOfCapacity(2);

        Assert.Equal(LaunchOutcome.TryAgainLater, await launcher.LaunchAsync(job.Id, token, CancellationToken.None));
        Assert.Equal(LaunchOutcome.TryAgainLater, await launcher.LaunchAsync(job.Id, token, CancellationToken.None));
        var waiting = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Launching, waiting.Status);
        Assert.Equal(2, await scenario.Jobs.LaunchRefusalsAsync(job.Id));
        Assert.Contains(await scenario.Jobs.GetLogsAsync(job.Id, null, 100),
            line => line.Line.Contains("trying again later", StringComparison.Ordinal) && line.Line.Contains("Capacity is unavailable", StringComparison.Ordinal));

        Assert.Equal(LaunchOutcome.Done, await launcher.LaunchAsync(job.Id, token, CancellationToken.None));

        var launched = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Running, launched.Status);
        Assert.Equal(1, ecs.Fake.TaskCount);
        Assert.Equal(3, ecs.Fake.RequestsFor("RunTask").Select(request => request.Body.GetProperty("clientToken").GetString()).Distinct().Count());
    }

    private static async Task<AgentJob> LaunchAsync(OrchestratorScenario scenario, EcsScenario ecs)
    {
        var (job, token) = await scenario.QueueJobAsync(await scenario.SeedClusterAsync(issueUrl: "https://github.com/acme/widgets/issues/1"), launcher: "ecs");
        var launcher = ActivatorUtilities.CreateInstance<JobLauncher>(scenario.Services, new AgentLaunchers([ecs.Launcher]));
        Assert.Equal(LaunchOutcome.Done, await launcher.LaunchAsync(job.Id, token, CancellationToken.None));
        var launched = (await scenario.Jobs.GetAsync(job.Id))!;
        Assert.Equal(JobStatus.Running, launched.Status);
        Assert.StartsWith("arn:aws:ecs:", launched.TaskRef, StringComparison.Ordinal);
        return launched;
    }

    private static JobReconciler Reconciler(OrchestratorScenario scenario, EcsScenario ecs) =>
        ActivatorUtilities.CreateInstance<JobReconciler>(scenario.Services, new AgentLaunchers([ecs.Launcher]), (TimeProvider)scenario.Clock);
}
