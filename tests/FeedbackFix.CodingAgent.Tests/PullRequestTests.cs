using FeedbackFix.CodingAgent.Tests.Support;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>The agent's way to a pull request: the branch, the commit, the pull request, and what stops it.</summary>
public sealed class PullRequestTests
{
    [Fact]
    public async Task A_command_that_edits_a_file_gets_its_branch_pushed_and_a_pull_request_opened()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var command = """
            echo "prompt says: $(head -n 3 "$FEEDBACKFIX_PROMPT_FILE" | tail -n 1)"
            echo "issue $ISSUE_NUMBER on $FEEDBACKFIX_BRANCH"
            echo "Drafts are saved in chunks now." >> README.md
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Contains(scenario.Branch, scenario.Remote.Branches());
        Assert.Contains("Drafts are saved in chunks now.", scenario.Remote.Show(scenario.Branch, "README.md"));
        Assert.Equal(
            [$"Fix #{scenario.Issue.Number}: Saving a draft crashes the app", "FeedbackFix Agent", "feedbackfix-agent@users.noreply.github.com"],
            scenario.Remote.CommitInfo(scenario.Branch));
        Assert.Equal(["README.md"], scenario.Remote.Files(scenario.Branch));

        var pull = Assert.Single(scenario.GitHub.PullRequests);
        Assert.Equal(scenario.Branch, pull.HeadRef);
        Assert.Equal("main", pull.Base);
        Assert.Equal($"Fix #{scenario.Issue.Number}: Saving a draft crashes the app", pull.Title);
        Assert.StartsWith($"Fixes #{scenario.Issue.Number}", pull.Body);
        Assert.Contains(scenario.Issue.HtmlUrl, pull.Body);
        Assert.Contains(scenario.JobId, pull.Body);

        var reports = scenario.Backend.Reports;
        Assert.Equal("running", reports[0].Status);
        Assert.NotEmpty(reports[0].Logs);
        Assert.Equal("succeeded", reports[^1].Status);
        Assert.Equal(pull.HtmlUrl, reports[^1].PrUrl);
        Assert.All(reports.Skip(1).SkipLast(1), report => Assert.Null(report.Status));
        var lines = scenario.Backend.Lines;
        Assert.Contains("prompt says: Issue: Saving a draft crashes the app", lines);
        Assert.Contains($"issue {scenario.Issue.Number} on {scenario.Branch}", lines);
    }

    [Fact]
    public async Task An_issue_titled_at_GitHubs_limit_gets_a_pull_request_GitHub_accepts_titled_within_it()
    {
        var issueTitle = "Saving a draft crashes the app " + new string('x', 225);
        await using var scenario = await AgentScenario.StartAsync(issueTitle: issueTitle);

        var exitCode = await scenario.RunAsync(scenario.Environment("echo fixed >> README.md"));

        Assert.Equal(256, issueTitle.Length);
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var pull = Assert.Single(scenario.GitHub.PullRequests);
        Assert.InRange(pull.Title.Length, 1, 256);
        Assert.StartsWith($"Fix #{scenario.Issue.Number}: Saving a draft crashes the app xxx", pull.Title, StringComparison.Ordinal);
        Assert.EndsWith("…", pull.Title, StringComparison.Ordinal);
        Assert.Equal(pull.Title, scenario.Remote.CommitInfo(scenario.Branch)[0]);
        Assert.Equal(pull.HtmlUrl, scenario.Backend.Reports[^1].PrUrl);
    }

    [Fact]
    public async Task A_command_that_commits_by_itself_is_pushed_too()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var command = "echo fixed > FIX.md && git add FIX.md && git -c user.name=Bot -c user.email=bot@example.com commit -q -m 'Agent commit'";

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal("fixed\n", scenario.Remote.Show(scenario.Branch, "FIX.md"));
        Assert.Equal("Agent commit", scenario.Remote.CommitInfo(scenario.Branch)[0]);
        Assert.Single(scenario.GitHub.PullRequests);
    }

    [Fact]
    public async Task An_open_pull_request_for_the_branch_is_reused()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("date +%s%N >> README.md");
        Assert.Equal(ExitCodes.Succeeded, await scenario.RunAsync(environment));

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        var pull = Assert.Single(scenario.GitHub.PullRequests);
        Assert.Equal(pull.HtmlUrl, scenario.Backend.Reports[^1].PrUrl);
        Assert.Contains("open pull request", scenario.Backend.Reports[^1].Note);
    }

    [Fact]
    public async Task A_push_that_fails_is_reported_with_gits_reason()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // The remote refuses every push, as a protected repository would.
        var hook = Path.Combine(scenario.Remote.BareDirectory, "hooks", "pre-receive");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\necho 'pushes are closed' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var exitCode = await scenario.RunAsync(scenario.Environment("echo change >> README.md"));

        Assert.Equal(ExitCodes.Failed, exitCode);
        var error = scenario.Backend.Reports[^1].Error;
        Assert.StartsWith("git push failed: ", error);
        Assert.Contains("pushes are closed", error);
        Assert.Empty(scenario.GitHub.PullRequests);
    }

    [Fact]
    public async Task Hooks_and_settings_the_command_plants_in_the_clone_do_not_run_in_the_agents_git()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var markers = Directory.CreateTempSubdirectory("feedbackfix-markers-");
        var command = $"""
            for hook in pre-commit post-commit pre-push; do
              printf '#!/bin/sh\ntouch {markers.FullName}/$hook\n' > .git/hooks/$hook
              chmod +x .git/hooks/$hook
            done
            git config core.fsmonitor 'touch {markers.FullName}/fsmonitor; false'
            git remote set-url origin file:///nowhere/else.git
            echo change >> README.md
            """;

        var exitCode = await scenario.RunAsync(scenario.Environment(command));

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Empty(markers.GetFiles());
        Assert.Contains(scenario.Branch, scenario.Remote.Branches());
        markers.Delete(recursive: true);
    }
}
