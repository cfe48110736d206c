using System.Text;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using FeedbackFix.Contracts.Agent;

namespace FeedbackFix.AgentOrchestrator.Tests.Ecs;

/// <summary>A job's instructions in the ECS task's container overrides, which ECS caps at 8,192 characters.</summary>
public sealed class EcsInstructionsTests
{
    [Fact]
    public async Task The_longest_instructions_the_api_takes_reach_the_task_as_written_accents_and_all()
    {
        await using var scenario = await EcsScenario.StartAsync();
        var instructions = LongestInstructions();

        await scenario.Launcher.LaunchAsync(WithInstructions(instructions), CancellationToken.None);

        var run = Assert.Single(scenario.Fake.RequestsFor("RunTask"));
        var environment = run.Body.GetProperty("overrides").GetProperty("containerOverrides")[0].GetProperty("environment").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable.GetProperty("value").GetString());
        Assert.Equal(instructions, environment[AgentEnvironment.Instructions]);
        Assert.InRange(EcsLauncher.OverridesLength(EcsLauncher.BuildRunTask(WithInstructions(instructions), new EcsOptions { ContainerName = "coding-agent" })),
            4_000, EcsLauncher.MaxOverridesLength);
        Assert.Contains("«café»", run.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overrides_longer_than_ECS_takes_fail_the_launch_for_good_naming_the_instructions_and_start_nothing()
    {
        await using var scenario = await EcsScenario.StartAsync();
        // Every quote is written as \" in JSON: 4,000 characters of them are 8,000 in the overrides.
        var launch = WithInstructions(new string('"', 4_000));

        var error = await Assert.ThrowsAsync<AgentLaunchException>(() => scenario.Launcher.LaunchAsync(launch, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("8192", error.Message, StringComparison.Ordinal);
        Assert.Contains("4000 of them the job's instructions", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Fake.RequestsFor("RunTask"));
    }

    /// <summary>4,000 characters (the API's limit) of text with accents, guillemets and line breaks.</summary>
    private static string LongestInstructions()
    {
        var text = new StringBuilder();
        while (text.Length < 4_000)
        {
            text.Append("Touch only the «café» export module; keep the public API.\n");
        }
        return text.ToString(0, 4_000);
    }

    /// <summary>A launch with everything the orchestrator sets for a real job, plus <paramref name="instructions"/>.</summary>
    private static AgentLaunch WithInstructions(string instructions)
    {
        var launch = EcsScenario.Launch(new string('j', 32));
        return launch with
        {
            Environment = new Dictionary<string, string>(launch.Environment)
            {
                [AgentEnvironment.JobToken] = new string('t', 64),
                [AgentEnvironment.IssueUrl] = "https://github.com/some-organisation/some-repository-name/issues/12345",
                [AgentEnvironment.RepoUrl] = "https://github.com/some-organisation/some-repository-name",
                [AgentEnvironment.ClusterId] = new string('c', 32),
                [AgentEnvironment.GitHubApiUrl] = "https://api.github.com/",
                [AgentEnvironment.AgentCommand] = "claude -p \"$(cat \"$FEEDBACKFIX_PROMPT_FILE\")\" --permission-mode acceptEdits --max-turns 40",
                [AgentEnvironment.Instructions] = instructions,
            },
        };
    }
}
