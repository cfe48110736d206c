using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>
/// The agent command has had the clone, and the user's home, to itself; the push that carries the
/// credentials must not take any setting it left there.
/// </summary>
public sealed class PushIsolationTests
{
    [Fact]
    public async Task Settings_the_command_plants_for_git_do_not_divert_the_authenticated_push()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var evil = Directory.CreateTempSubdirectory("feedbackfix-evil-");
        var home = Directory.CreateTempSubdirectory("feedbackfix-home-");
        var remoteBase = scenario.Remote.BaseUrl.AbsoluteUri;
        var diverted = $"file://{evil.FullName}/";
        // Every way it could send the push elsewhere or add to it: the clone's config, a file it
        // includes, and the user's global config (HOME is the agent's, and the command's).
        var command = $"""
            git init --quiet --bare "{evil.FullName}/{AgentScenario.Owner}/{AgentScenario.Repo}.git"
            git config url."{diverted}".pushInsteadOf "{remoteBase}"
            git config http.extraHeader "X-Planted: 1"
            git config http.proxy http://127.0.0.1:9
            git config credential.helper "!touch {evil.FullName}/helper-ran; echo"
            git config core.hooksPath "{evil.FullName}/hooks"
            printf '[url "{diverted}"]\n\tinsteadOf = {remoteBase}\n' > "{evil.FullName}/included"
            git config include.path "{evil.FullName}/included"
            printf '[url "{diverted}"]\n\tpushInsteadOf = {remoteBase}\n' > "$HOME/.gitconfig"
            echo change >> README.md
            """;
        var environment = scenario.Environment(command);
        environment["HOME"] = home.FullName;
        environment["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config");

        try
        {
            using var agent = AgentProcess.Start(environment);
            await agent.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{string.Join('\n', scenario.Backend.Lines)}\n{await agent.ConsoleAsync()}");
            Assert.Contains(scenario.Branch, scenario.Remote.Branches());
            Assert.Contains("change", scenario.Remote.Show(scenario.Branch, "README.md"));
            var planted = Path.Combine(evil.FullName, AgentScenario.Owner, $"{AgentScenario.Repo}.git");
            Assert.Empty(GitCli.Run(planted, "for-each-ref").Trim());
            Assert.False(File.Exists(Path.Combine(evil.FullName, "helper-ran")), "the planted credential helper ran");
        }
        finally
        {
            evil.Delete(recursive: true);
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_shallow_clone_is_pushed_through_the_new_repository_too()
    {
        await using var scenario = await AgentScenario.StartAsync();
        // A second commit on main, so a clone of depth 1 really is shallow.
        var work = Directory.CreateTempSubdirectory("feedbackfix-seed-");
        GitCli.Run(work.FullName, "clone", "--quiet", scenario.Remote.BareDirectory, ".");
        await File.AppendAllTextAsync(Path.Combine(work.FullName, "README.md"), "second\n");
        GitCli.Run(work.FullName, "commit", "--quiet", "--all", "--message", "Second commit");
        GitCli.Run(work.FullName, "push", "--quiet", "origin", "main");
        work.Delete(recursive: true);
        var environment = scenario.Environment("test -f .git/shallow && echo shallow >> README.md");
        environment["AGENT_CLONE_DEPTH"] = "1";

        var exitCode = await scenario.RunAsync(environment);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Contains("shallow", scenario.Remote.Show(scenario.Branch, "README.md"));
        Assert.Equal($"Fix #{scenario.Issue.Number}: Saving a draft crashes the app", scenario.Remote.CommitInfo(scenario.Branch)[0]);
    }
}
