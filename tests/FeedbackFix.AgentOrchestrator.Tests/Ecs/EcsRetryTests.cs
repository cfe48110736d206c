using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

public sealed class EcsRetryTests
{
    [Fact]
    public async Task Throttled_twice_then_accepted_starts_the_task_on_the_third_signed_attempt()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", FakeEcsAnswer.Throttled(), FakeEcsAnswer.Throttled());

        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        var attempts = scenario.Fake.RequestsFor("RunTask");
        Assert.Equal([400, 400, 200], attempts.Select(attempt => attempt.Status));
        Assert.All(attempts, attempt => Assert.StartsWith("AWS4-HMAC-SHA256 ", attempt.Headers["Authorization"], StringComparison.Ordinal));
        // Every attempt is the same request, so a retry after a lost answer finds the same task.
        Assert.Single(attempts.Select(attempt => attempt.Body.GetProperty("clientToken").GetString()).Distinct());
        Assert.Equal(1, scenario.Fake.TaskCount);
        Assert.Equal("PROVISIONING", scenario.Fake.TaskStatus(taskArn));
    }

    [Theory]
    [InlineData(429, "TooManyRequestsException")]
    [InlineData(500, "ServerException")]
    [InlineData(503, "ServiceUnavailableException")]
    public async Task A_server_error_or_429_is_retried_and_the_next_answer_counts(int status, string type)
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", FakeEcsAnswer.Error(status, type, "try later"));

        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        Assert.Equal([status, 200], scenario.Fake.RequestsFor("RunTask").Select(attempt => attempt.Status));
        Assert.Equal("PROVISIONING", scenario.Fake.TaskStatus(taskArn));
    }

    [Fact]
    public async Task Throttling_that_outlasts_every_attempt_is_a_transient_launch_failure_after_exactly_max_attempts()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", Enumerable.Range(0, 10).Select(_ => FakeEcsAnswer.Throttled()).ToArray());

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("ThrottlingException: Rate exceeded", error.Message, StringComparison.Ordinal);
        // Four is Launchers:Ecs:MaxAttempts: the standard resilience handler adds no attempts of its own.
        Assert.Equal(4, scenario.Fake.RequestsFor("RunTask").Count);
        Assert.Equal(0, scenario.Fake.TaskCount);
    }

    [Fact]
    public async Task A_RunTask_whose_answer_never_came_is_retried_and_finds_the_task_it_started()
    {
        await using var scenario = await EcsScenario.StartAsync(new() { ["Launchers:Ecs:AttemptTimeout"] = "00:00:01" });
        scenario.Fake.DelayAnswer("RunTask", TimeSpan.FromSeconds(10));

        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        Assert.Equal(2, scenario.Fake.RequestsFor("RunTask").Count);
        Assert.Equal(1, scenario.Fake.TaskCount);
        Assert.Equal("PROVISIONING", scenario.Fake.TaskStatus(taskArn));
        Assert.Contains(scenario.Logs.Lines, line => line.Contains("(Timeout)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Persistent_server_errors_are_tried_max_attempts_times_only()
    {
        await using var scenario = await EcsScenario.StartAsync(new() { ["Launchers:Ecs:MaxAttempts"] = "2" });
        scenario.Fake.Script("DescribeTasks", Enumerable.Range(0, 10).Select(_ => FakeEcsAnswer.Error(500, "ServerException", "internal")).ToArray());

        var error = await Assert.ThrowsAsync<EcsException>(() => scenario.Launcher.DescribeAsync("arn:aws:ecs:eu-west-1:123456789012:task/x/y", CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal("ServerException", error.ErrorType);

        Assert.Equal(2, scenario.Fake.RequestsFor("DescribeTasks").Count);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_transient_launch_failure()
    {
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}/");
        await using var scenario = await EcsScenario.StartAsync(new() { ["Launchers:Ecs:MaxAttempts"] = "2" }, serviceUrl: closedPort);

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
