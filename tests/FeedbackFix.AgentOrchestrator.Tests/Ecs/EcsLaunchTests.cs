using System.Text.Json.Nodes;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.Contracts.Agent;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

public sealed class EcsLaunchTests
{
    [Fact]
    public async Task RunTask_asks_for_one_Fargate_task_in_the_configured_network_with_the_agent_environment_and_tags()
    {
        await using var scenario = await EcsScenario.StartAsync(new()
        {
            ["Launchers:Ecs:AssignPublicIp"] = "true",
            ["Launchers:Ecs:PlatformVersion"] = "1.4.0",
            ["Launchers:Ecs:Tags:team"] = "feedback",
        });

        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_123", 2), CancellationToken.None);

        var run = Assert.Single(scenario.Fake.RequestsFor("RunTask"));
        Assert.StartsWith($"arn:aws:ecs:{FakeEcs.Region}:123456789012:task/{EcsScenario.Cluster}/", taskArn, StringComparison.Ordinal);
        var body = run.Body;
        Assert.Equal(EcsScenario.Cluster, body.GetProperty("cluster").GetString());
        Assert.Equal(EcsScenario.TaskDefinition, body.GetProperty("taskDefinition").GetString());
        Assert.Equal("FARGATE", body.GetProperty("launchType").GetString());
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        Assert.Equal("feedbackfix", body.GetProperty("startedBy").GetString());
        Assert.Equal("1.4.0", body.GetProperty("platformVersion").GetString());
        Assert.False(body.TryGetProperty("propagateTags", out _));

        var vpc = body.GetProperty("networkConfiguration").GetProperty("awsvpcConfiguration");
        Assert.Equal(["subnet-0aaa", "subnet-0bbb"], vpc.GetProperty("subnets").EnumerateArray().Select(subnet => subnet.GetString()));
        Assert.Equal(["sg-0agent"], vpc.GetProperty("securityGroups").EnumerateArray().Select(group => group.GetString()));
        Assert.Equal("ENABLED", vpc.GetProperty("assignPublicIp").GetString());

        var container = Assert.Single(body.GetProperty("overrides").GetProperty("containerOverrides").EnumerateArray());
        Assert.Equal("coding-agent", container.GetProperty("name").GetString());
        var environment = container.GetProperty("environment").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable.GetProperty("value").GetString());
        Assert.Equal(EcsScenario.JobToken, environment[AgentEnvironment.JobToken]);
        Assert.Equal("job_123", environment[AgentEnvironment.JobId]);
        Assert.Equal("https://feedbackfix.example.com", environment[AgentEnvironment.BackendUrl]);

        var tags = body.GetProperty("tags").EnumerateArray()
            .ToDictionary(tag => tag.GetProperty("key").GetString()!, tag => tag.GetProperty("value").GetString());
        Assert.Equal("job_123", tags["feedbackfix:job-id"]);
        Assert.Equal("cluster_9", tags["feedbackfix:cluster-id"]);
        Assert.Equal("2", tags["feedbackfix:attempt"]);
        Assert.Equal("feedback", tags["team"]);

        var clientToken = body.GetProperty("clientToken").GetString()!;
        Assert.InRange(clientToken.Length, 1, 64);
        Assert.True(clientToken.All(char.IsAscii));
    }

    [Fact]
    public async Task The_client_token_is_the_same_for_the_same_job_and_attempt_and_differs_otherwise()
    {
        await using var scenario = await EcsScenario.StartAsync();

        await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_a", 1), CancellationToken.None);
        await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_a", 1), CancellationToken.None);
        await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_a", 2), CancellationToken.None);
        await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_b", 1), CancellationToken.None);

        var tokens = scenario.Fake.RequestsFor("RunTask").Select(request => request.Body.GetProperty("clientToken").GetString()).ToList();
        Assert.Equal(tokens[0], tokens[1]);
        Assert.Equal(3, tokens.Distinct().Count());
    }

    [Fact]
    public async Task A_redelivered_launch_gets_the_task_already_started_rather_than_a_second_one()
    {
        await using var scenario = await EcsScenario.StartAsync();

        var first = await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_again", 1), CancellationToken.None);
        var second = await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_again", 1), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, scenario.Fake.TaskCount);
    }

    [Fact]
    public async Task A_200_answer_with_failures_is_a_launch_failure_naming_the_reason_that_is_not_retried()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", Failures(new JsonObject
        {
            ["arn"] = "arn:aws:ecs:eu-west-1:123456789012:container-instance/none",
            ["reason"] = "ATTRIBUTE",
            ["detail"] = "requires attribute ecs.capability.secrets.asm.environment-variables",
        }));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.False(error.RetryAsNewRequest);
        Assert.Contains("ATTRIBUTE", error.Message, StringComparison.Ordinal);
        Assert.Contains("container-instance/none", error.Message, StringComparison.Ordinal);
        Assert.Contains("requires attribute ecs.capability.secrets.asm.environment-variables", error.Message, StringComparison.Ordinal);
        Assert.Single(scenario.Fake.RequestsFor("RunTask"));
    }

    [Theory]
    [InlineData("Capacity is unavailable at this time. Please try again later or in a different availability zone")]
    [InlineData("RESOURCE:ENI")]
    [InlineData("RESOURCE:MEMORY")]
    public async Task Failures_that_name_a_shortage_are_worth_a_new_request_later(string reason)
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", Failures(new JsonObject { ["reason"] = reason }));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.True(error.RetryAsNewRequest);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("for want of capacity", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scenario.Fake.TaskCount);
    }

    [Fact]
    public async Task A_new_request_of_the_same_attempt_has_a_token_of_its_own_and_starts_the_task_the_refused_one_could_not()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.ShortOfCapacity(1);

        await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_short", 1), CancellationToken.None));
        // The same request again is only the refusal again, as ECS answers a token it has seen.
        await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_short", 1), CancellationToken.None));
        var taskArn = await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_short", 1) with { Request = 1 }, CancellationToken.None);
        var again = await scenario.Launcher.LaunchAsync(EcsScenario.Launch("job_short", 1) with { Request = 1 }, CancellationToken.None);

        var tokens = scenario.Fake.RequestsFor("RunTask").Select(request => request.Body.GetProperty("clientToken").GetString()).ToList();
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[1], tokens[2]);
        Assert.Equal(taskArn, again);
        Assert.Equal(1, scenario.Fake.TaskCount);
    }

    private static FakeEcsAnswer Failures(JsonObject failure) =>
        FakeEcsAnswer.Ok(new JsonObject { ["tasks"] = new JsonArray(), ["failures"] = new JsonArray(failure) });

    [Fact]
    public async Task A_ClientException_is_not_retried_and_says_what_ECS_refused()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask", FakeEcsAnswer.Error(400, "ClientException", "TaskDefinition not found."));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal("ECS RunTask refused: ClientException: TaskDefinition not found.", error.Message);
        Assert.Single(scenario.Fake.Requests);
    }

    [Fact]
    public async Task Neither_logs_nor_launch_errors_carry_the_job_token()
    {
        await using var scenario = await EcsScenario.StartAsync();
        scenario.Fake.Script("RunTask",
            FakeEcsAnswer.Throttled(),
            FakeEcsAnswer.Error(500, "ServerException", "internal"),
            FakeEcsAnswer.Error(400, "InvalidParameterException", "Container Overrides length must be at most 8192."));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None));
        await scenario.Launcher.LaunchAsync(EcsScenario.Launch(), CancellationToken.None);

        Assert.Contains(scenario.Logs.Lines, line => line.Contains("trying again", StringComparison.Ordinal));
        Assert.Contains(scenario.Logs.Lines, line => line.Contains("Started ECS task", StringComparison.Ordinal));
        Assert.All(scenario.Logs.Lines, line => Assert.DoesNotContain(EcsScenario.JobToken, line, StringComparison.Ordinal));
        Assert.All(scenario.Logs.Lines, line => Assert.DoesNotContain(FakeEcs.SecretAccessKey, line, StringComparison.Ordinal));
        Assert.DoesNotContain(EcsScenario.JobToken, error.ToString(), StringComparison.Ordinal);
    }
}
