using FeedbackFix.AgentOrchestrator.Launchers;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

public sealed class EcsTaskStateTests
{
    [Fact]
    public async Task A_task_is_starting_then_running_then_stopped_with_its_reason_and_the_agents_exit_code()
    {
        await using var scenario = await EcsScenario.StartAsync();
        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        var starting = await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);
        scenario.Fake.SetTaskState(taskArn, "RUNNING");
        var running = await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);
        scenario.Fake.SetTaskState(taskArn, "DEPROVISIONING", stoppedReason: "Essential container in task exited", stopCode: "EssentialContainerExited", exitCode: 3);
        var windingDown = await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);
        scenario.Fake.SetTaskState(taskArn, "STOPPED", containerReason: "OutOfMemoryError: Container killed due to memory usage");
        var stopped = await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);

        Assert.Equal(new AgentTaskState(AgentTaskStatus.Starting), starting);
        Assert.Equal(new AgentTaskState(AgentTaskStatus.Running), running);
        Assert.Equal(new AgentTaskState(AgentTaskStatus.Running), windingDown);
        Assert.Equal(AgentTaskStatus.Stopped, stopped.Status);
        Assert.Equal(3, stopped.ExitCode);
        Assert.Equal(
            "Essential container in task exited (EssentialContainerExited); coding-agent: OutOfMemoryError: Container killed due to memory usage",
            stopped.StopReason);
        var describe = scenario.Fake.RequestsFor("DescribeTasks")[0].Body;
        Assert.Equal(EcsScenario.Cluster, describe.GetProperty("cluster").GetString());
        Assert.Equal([taskArn], describe.GetProperty("tasks").EnumerateArray().Select(task => task.GetString()));
    }

    [Fact]
    public async Task A_task_ECS_no_longer_knows_is_unknown()
    {
        await using var scenario = await EcsScenario.StartAsync();

        var state = await scenario.Launcher.DescribeAsync($"arn:aws:ecs:eu-west-1:123456789012:task/{EcsScenario.Cluster}/0123456789abcdef", CancellationToken.None);

        Assert.Equal(new AgentTaskState(AgentTaskStatus.Unknown), state);
    }

    [Fact]
    public async Task StopTask_sends_the_reason_and_the_task_then_reads_as_stopped_by_it()
    {
        await using var scenario = await EcsScenario.StartAsync();
        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        await scenario.Launcher.StopAsync(taskArn, "Job job_123 was cancelled", CancellationToken.None);
        var state = await scenario.Launcher.DescribeAsync(taskArn, CancellationToken.None);

        var stop = Assert.Single(scenario.Fake.RequestsFor("StopTask")).Body;
        Assert.Equal(EcsScenario.Cluster, stop.GetProperty("cluster").GetString());
        Assert.Equal(taskArn, stop.GetProperty("task").GetString());
        Assert.Equal("Job job_123 was cancelled", stop.GetProperty("reason").GetString());
        Assert.Equal(AgentTaskStatus.Stopped, state.Status);
        Assert.StartsWith("Job job_123 was cancelled", state.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_a_stopped_or_forgotten_task_is_not_an_error()
    {
        await using var scenario = await EcsScenario.StartAsync();
        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);
        scenario.Fake.SetTaskState(taskArn, "STOPPED", stoppedReason: "Essential container in task exited", exitCode: 0);

        await scenario.Launcher.StopAsync(taskArn, "cleanup", CancellationToken.None);
        await scenario.Launcher.StopAsync($"arn:aws:ecs:eu-west-1:123456789012:task/{EcsScenario.Cluster}/gone", "cleanup", CancellationToken.None);

        Assert.Equal([200, 400], scenario.Fake.RequestsFor("StopTask").Select(request => request.Status));
        Assert.Equal("STOPPED", scenario.Fake.TaskStatus(taskArn));
    }

    [Fact]
    public async Task A_stop_reason_longer_than_ECS_allows_is_shortened_to_255_characters()
    {
        await using var scenario = await EcsScenario.StartAsync();
        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        await scenario.Launcher.StopAsync(taskArn, new string('x', 400), CancellationToken.None);

        var reason = Assert.Single(scenario.Fake.RequestsFor("StopTask")).Body.GetProperty("reason").GetString()!;
        Assert.Equal(255, reason.Length);
    }
}
