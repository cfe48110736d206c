using System.Diagnostics;
using FeedbackFix.CodingAgent.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>
/// The agent command runs as the agent's user, so leaving the tokens out of its environment is not
/// enough: it must not read them from the agent's /proc files either.
/// </summary>
[Collection(MachineWideCollection.Name)]
public sealed class ProcessSecretsTests
{
    private const string Unprivileged = "nobody";
    private const string UnprivilegedGroup = "nogroup";

    [Fact]
    public async Task The_agent_command_cannot_read_the_agents_environment_through_proc()
    {
        // Root reads any /proc file whatever the agent does, so as root the agent and its command
        // run as an unprivileged user, as in the container (user "app").
        var asRoot = Environment.UserName == "root";
        Assert.True(!asRoot || File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv"), "running as root, this test needs setpriv to drop to an unprivileged user");
        await using var scenario = await AgentScenario.StartAsync();
        var environment = scenario.Environment("""
            echo "agent is $PPID; environ owner: $(stat -c %U /proc/$PPID/environ)"
            if found=$(tr '\0' '\n' < /proc/$PPID/environ); then
              echo "environ: read"
              # Reversed, so a token found here gets past the log's masking and fails the test.
              printf '%s\n' "$found" | grep TOKEN | rev
            else
              echo "environ: refused"
            fi
            if head -c 1 /proc/$PPID/mem > /dev/null 2>&1; then echo "mem: read"; else echo "mem: refused"; fi
            """);
        DirectoryInfo? home = null;
        if (asRoot)
        {
            // Its own home (git reads ~/.gitconfig) and the remote made the unprivileged user's.
            home = Directory.CreateTempSubdirectory("feedbackfix-home-");
            environment["HOME"] = home.FullName;
            await ChownAsync(home.FullName);
            await ChownAsync(Path.GetFullPath(Path.Combine(scenario.Remote.BareDirectory, "..", "..", "..")));
        }

        try
        {
            using var agent = asRoot ? AgentProcess.Start(environment, Unprivileged, UnprivilegedGroup) : AgentProcess.Start(environment);
            await agent.WaitAsync(TimeSpan.FromSeconds(30));

            var lines = scenario.Backend.Lines;
            Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{string.Join('\n', lines)}\n{await agent.ConsoleAsync()}");
            Assert.Contains("environ: refused", lines);
            Assert.Contains("mem: refused", lines);
            Assert.Contains(lines, line => line.EndsWith("environ owner: root", StringComparison.Ordinal));
            var reversed = new[] { scenario.GitHub.Token, scenario.Backend.Token }.Select(token => new string(token.Reverse().ToArray()));
            Assert.All(scenario.Backend.Reports, report =>
            {
                foreach (var secret in reversed.Append(scenario.GitHub.Token).Append(scenario.Backend.Token))
                {
                    Assert.DoesNotContain(secret, report.RawBody);
                }
            });
        }
        finally
        {
            home?.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Processes_the_command_leaves_running_are_killed_before_the_push()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var markers = Directory.CreateTempSubdirectory("feedbackfix-markers-");
        // A background job and a double-forked one, both detached from the command's output. The
        // command runs no git, so a git process of the agent's they see runs after the command (the
        // commit, the push): one whose environment, credentials included, they could read.
        var watcher = $"while :; do pgrep -x git -P $FEEDBACKFIX_AGENT_PID > /dev/null && touch {markers.FullName}/saw-git; sleep 0.01; done";
        var command = $"""
            export FEEDBACKFIX_AGENT_PID=$PPID
            nohup sh -c '{watcher}; sleep 36.25' > /dev/null 2>&1 < /dev/null &
            ( sh -c 'sleep 36.5; {watcher}' > /dev/null 2>&1 < /dev/null & )
            echo fix >> README.md
            """;

        try
        {
            using var agent = AgentProcess.Start(scenario.Environment(command));
            await agent.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}\n{await agent.ConsoleAsync()}");
            Assert.Contains(scenario.Branch, scenario.Remote.Branches());
            Assert.True(await ProcessTable.GoneWithinAsync("sleep 36.5", TimeSpan.FromSeconds(2)), "the double-forked process outlived the command");
            Assert.False(ProcessTable.AnyRunning($"sh -c {watcher}; sleep 36.25"), "the background job outlived the command");
            Assert.Empty(markers.GetFiles());
        }
        finally
        {
            ProcessTable.KillContaining(markers.FullName);
            markers.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Forgotten_secrets_are_not_inherited_by_a_child_started_without_an_environment_of_its_own()
    {
        var before = ProcessProtection.Secrets.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in ProcessProtection.Secrets)
            {
                Environment.SetEnvironmentVariable(name, "inherited-" + Guid.NewGuid().ToString("N"));
            }

            ProcessProtection.ForgetSecrets();

            var start = new ProcessStartInfo("/bin/sh", ["-c", "env | grep -c -e '^JOB_TOKEN=' -e '^GITHUB_TOKEN='"]) { RedirectStandardOutput = true };
            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Assert.Equal("0", output.Trim());
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static async Task ChownAsync(string path)
    {
        using var chown = Process.Start("chown", ["-R", $"{Unprivileged}:{UnprivilegedGroup}", path]);
        await chown.WaitForExitAsync();
        Assert.Equal(0, chown.ExitCode);
    }
}
