using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.Contracts.Agent;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>The instructions of whoever started the fix, as the agent command gets them in its prompt.</summary>
public sealed class InstructionsTests
{
    private const string Heading = "## Instructions from the person who started this fix";

    [Fact]
    public async Task Instructions_are_in_the_prompt_under_their_heading_after_the_issue_text()
    {
        await using var scenario = await AgentScenario.StartAsync(issueBody: "Tapping save on a long draft closes the app.");
        var copy = Path.Combine(Path.GetTempPath(), $"feedbackfix-prompt-{Guid.NewGuid():N}.md");
        var environment = scenario.Environment($"cat \"$FEEDBACKFIX_PROMPT_FILE\" > '{copy}'");
        environment[AgentEnvironment.Instructions] = "Only touch the drafts module.\nKeep the public API as it is: « stable »";

        var exitCode = await scenario.RunAsync(environment);

        var prompt = await File.ReadAllTextAsync(copy);
        File.Delete(copy);
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var body = prompt.IndexOf("Tapping save on a long draft closes the app.", StringComparison.Ordinal);
        var heading = prompt.IndexOf(Heading, StringComparison.Ordinal);
        var instructions = prompt.IndexOf("Only touch the drafts module.\nKeep the public API as it is: « stable »", StringComparison.Ordinal);
        var closing = prompt.IndexOf("The issue was written from user feedback", StringComparison.Ordinal);
        Assert.True(body >= 0 && body < heading && heading < instructions && instructions < closing, prompt);
    }

    [Fact]
    public async Task Without_instructions_the_prompt_has_no_instructions_heading()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var copy = Path.Combine(Path.GetTempPath(), $"feedbackfix-prompt-{Guid.NewGuid():N}.md");

        var exitCode = await scenario.RunAsync(scenario.Environment($"cat \"$FEEDBACKFIX_PROMPT_FILE\" > '{copy}'"));

        var prompt = await File.ReadAllTextAsync(copy);
        File.Delete(copy);
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.DoesNotContain(Heading, prompt, StringComparison.Ordinal);
    }
}
