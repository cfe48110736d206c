using System.Diagnostics;
using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>The built agent started as the orchestrator starts it: <c>dotnet FeedbackFix.CodingAgent.dll</c> with its environment.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task The_built_agent_runs_a_job_end_to_end_as_a_child_process()
    {
        await using var scenario = await AgentScenario.StartAsync();

        using var agent = AgentProcess.Start(scenario.Environment("echo \"github token: ${GITHUB_TOKEN:-withheld}\"; echo fixed >> README.md"));
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        var console = await agent.ConsoleAsync();
        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{console}");
        Assert.Equal("succeeded", scenario.Backend.Reports[^1].Status);
        Assert.Equal(Assert.Single(scenario.GitHub.PullRequests).HtmlUrl, scenario.Backend.Reports[^1].PrUrl);
        Assert.Contains("github token: withheld", scenario.Backend.Lines);
        Assert.DoesNotContain(scenario.GitHub.Token, console);
        Assert.DoesNotContain(scenario.Backend.Token, console);
    }

    [Fact]
    public async Task The_agent_command_has_neither_token_in_its_environment()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // ${X-absent}: set but empty would print empty, not "absent". A token that got through would
        // be masked to *** in the log, so "absent" is the only line that passes.
        var command = """
            echo "job token: ${JOB_TOKEN-absent}"
            echo "github token: ${GITHUB_TOKEN-absent}"
            echo "token variables: $(env | grep -c -e '^JOB_TOKEN=' -e '^GITHUB_TOKEN=')"
            """;

        using var agent = AgentProcess.Start(scenario.Environment(command));
        await agent.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{await agent.ConsoleAsync()}");
        Assert.Contains("job token: absent", scenario.Backend.Lines);
        Assert.Contains("github token: absent", scenario.Backend.Lines);
        Assert.Contains("token variables: 0", scenario.Backend.Lines);
    }

    [Fact]
    public async Task SIGTERM_stops_the_agent_and_its_command()
    {
        await using var scenario = await AgentScenario.StartAsync();

        using var agent = AgentProcess.Start(scenario.Environment("echo sleeping; sleep 61.5"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!scenario.Backend.Lines.Contains("sleeping") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Contains("sleeping", scenario.Backend.Lines);
        using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await agent.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(ExitCodes.Stopped, agent.ExitCode);
        Assert.Equal("failed", scenario.Backend.Reports[^1].Status);
        Assert.True(await ProcessTable.GoneWithinAsync("sleep 61.5", TimeSpan.FromSeconds(5)), "the command outlived the agent");
    }
}
