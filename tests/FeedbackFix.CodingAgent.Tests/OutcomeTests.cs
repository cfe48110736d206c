using System.Diagnostics;
using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>How a run ends when the command or GitHub does not lead to a pull request.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task A_command_that_changes_nothing_succeeds_with_a_note_and_no_pull_request()
    {
        await using var scenario = await AgentScenario.StartAsync();

        var exitCode = await scenario.RunAsync(scenario.Environment("echo looked around; git status --short"));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("succeeded", last.Status);
        Assert.Equal("no change needed: the agent command made no change", last.Note);
        Assert.Null(last.PrUrl);
        Assert.Empty(scenario.GitHub.PullRequests);
        Assert.DoesNotContain(scenario.Branch, scenario.Remote.Branches());
        Assert.Contains("looked around", scenario.Backend.Lines);
    }

    [Fact]
    public async Task A_failing_command_is_reported_failed_with_its_exit_code()
    {
        await using var scenario = await AgentScenario.StartAsync();

        var exitCode = await scenario.RunAsync(scenario.Environment("echo trying; echo 'it broke' >&2; echo edit >> README.md; exit 3"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Equal("agent command exited with code 3", last.Error);
        Assert.Contains("it broke", scenario.Backend.Lines);
        Assert.Empty(scenario.GitHub.PullRequests);
        Assert.DoesNotContain(scenario.Branch, scenario.Remote.Branches());
    }

    [Fact]
    public async Task A_command_that_runs_too_long_is_killed_and_reported()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // A grandchild in a pipeline, so killing the shell alone would leave it running.
        var environment = scenario.Environment("echo started; sleep 31.25 | cat; echo never");
        environment["AGENT_COMMAND_TIMEOUT_SECONDS"] = "0.5";
        var clock = Stopwatch.StartNew();

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.StartsWith("agent command timed out after 0.5 s", scenario.Backend.Reports[^1].Error);
        Assert.DoesNotContain("never", scenario.Backend.Lines);
        Assert.True(await ProcessTable.GoneWithinAsync("sleep 31.25", TimeSpan.FromSeconds(5)), "the command's sleep is still running");
    }

    [Fact]
    public async Task A_missing_issue_is_reported_with_GitHubs_reason()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("true");
        environment["ISSUE_URL"] = "https://github.com/acme/app/issues/999";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Failed, exitCode);
        var last = scenario.Backend.Reports[^1];
        Assert.Equal("failed", last.Status);
        Assert.Contains("read issue acme/app#999", last.Error);
    }
}
