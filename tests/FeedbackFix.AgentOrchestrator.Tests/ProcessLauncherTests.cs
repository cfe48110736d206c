using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Process;
using FeedbackFix.AgentOrchestrator.Tests.Support;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.GitHub;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>The process launcher with real child processes (small shell scripts in place of the agent).</summary>
public sealed class ProcessLauncherTests
{
    private const string GitHubToken = "ghp_process-launcher-test";

    [Fact]
    public async Task The_agent_sees_its_variables_and_the_GitHub_token_but_not_the_orchestrators_own_settings()
    {
        var output = Path.Combine(Path.GetTempPath(), $"feedbackfix-env-{Guid.NewGuid():N}.txt");
        Environment.SetEnvironmentVariable("FEEDBACKFIX_ORCHESTRATOR_ONLY", "do-not-pass");
        using var launcher = Launcher($"env > '{output}'");

        var taskRef = await launcher.LaunchAsync(Launch("job-env"), CancellationToken.None);
        await WaitForStopAsync(launcher, taskRef);

        var variables = File.ReadAllLines(output).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p.ElementAtOrDefault(1));
        File.Delete(output);
        Assert.Equal("job-env", variables[AgentEnvironment.JobId]);
        Assert.Equal("secret-job-token", variables[AgentEnvironment.JobToken]);
        Assert.Equal(GitHubToken, variables[AgentEnvironment.GitHubToken]);
        Assert.True(variables.ContainsKey("PATH"));
        Assert.False(variables.ContainsKey("FEEDBACKFIX_ORCHESTRATOR_ONLY"));
    }

    [Fact]
    public async Task The_agent_gets_the_jobs_instructions_exactly_as_given()
    {
        var output = Path.Combine(Path.GetTempPath(), $"feedbackfix-instructions-{Guid.NewGuid():N}.txt");
        using var launcher = Launcher($"printf '%s' \"${AgentEnvironment.Instructions}\" > '{output}'");
        const string instructions = "Only touch the export module.\nKeep \"quotes\", $HOME and « ünïcode » as they are.";
        var launch = Launch("job-instructions");
        launch = launch with { Environment = new Dictionary<string, string>(launch.Environment) { [AgentEnvironment.Instructions] = instructions } };

        var taskRef = await launcher.LaunchAsync(launch, CancellationToken.None);
        await WaitForStopAsync(launcher, taskRef);

        var received = await File.ReadAllTextAsync(output);
        File.Delete(output);
        Assert.Equal(instructions, received);
    }

    [Fact]
    public async Task An_agent_that_exits_is_stopped_with_its_exit_code_and_last_error_line()
    {
        using var launcher = Launcher("echo 'cloning...'; echo 'fatal: repository not found' >&2; exit 3");

        var taskRef = await launcher.LaunchAsync(Launch("job-exit"), CancellationToken.None);
        var state = await WaitForStopAsync(launcher, taskRef);

        Assert.Equal(3, state.ExitCode);
        Assert.Equal("the agent process exited with code 3: fatal: repository not found", state.StopReason);
    }

    [Fact]
    public async Task Agents_that_exited_keep_their_exit_code_and_hold_no_pipes_of_the_orchestrator()
    {
        using var launcher = Launcher("echo 'done' >&2; exit 4");
        var pipesBefore = OpenPipes();

        for (var i = 0; i < 20; i++)
        {
            var taskRef = await launcher.LaunchAsync(Launch($"job-released-{i}"), CancellationToken.None);
            Assert.Equal(4, (await WaitForStopAsync(launcher, taskRef)).ExitCode);
        }

        // Each held process would keep its stdout and stderr pipes open: 40 at least for 20 agents.
        Assert.InRange(OpenPipes() - pipesBefore, int.MinValue, 10);
    }

    private static int OpenPipes() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true);

    [Fact]
    public async Task Launching_the_same_attempt_again_returns_the_same_process()
    {
        using var launcher = Launcher("sleep 30");

        var first = await launcher.LaunchAsync(Launch("job-twice"), CancellationToken.None);
        var second = await launcher.LaunchAsync(Launch("job-twice"), CancellationToken.None);
        var next = await launcher.LaunchAsync(Launch("job-twice", attempt: 2), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(first, next);
        await launcher.StopAsync(first, "test over", CancellationToken.None);
        await launcher.StopAsync(next, "test over", CancellationToken.None);
    }

    [Fact]
    public async Task Stop_ends_a_running_agent_and_what_it_started()
    {
        var childPidFile = Path.Combine(Path.GetTempPath(), $"feedbackfix-child-{Guid.NewGuid():N}.txt");
        using var launcher = Launcher($"sleep 60 & echo $! > '{childPidFile}'; wait");
        var taskRef = await launcher.LaunchAsync(Launch("job-stop"), CancellationToken.None);
        await Eventually.TrueAsync(() => File.Exists(childPidFile) && File.ReadAllText(childPidFile).Trim().Length > 0, TimeSpan.FromSeconds(10), "the script to get ready");
        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(childPidFile);
        Assert.Equal(AgentTaskStatus.Running, (await launcher.DescribeAsync(taskRef, CancellationToken.None)).Status);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await launcher.StopAsync(taskRef, "the job was cancelled", timeout.Token);

        Assert.Equal(AgentTaskStatus.Stopped, (await launcher.DescribeAsync(taskRef, CancellationToken.None)).Status);
        await Eventually.TrueAsync(() => !ProcessTable.IsAlive(child), TimeSpan.FromSeconds(10), "the child to end");
    }

    [Fact]
    public async Task Stop_asks_the_agent_to_end_first_so_it_can_report()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"feedbackfix-term-{Guid.NewGuid():N}.txt");
        var ready = marker + ".ready";
        using var launcher = Launcher($"trap 'echo stopped > \"{marker}\"; exit 143' TERM; touch \"{ready}\"; while true; do sleep 0.1; done");
        var taskRef = await launcher.LaunchAsync(Launch("job-term"), CancellationToken.None);
        await Eventually.TrueAsync(() => File.Exists(ready), TimeSpan.FromSeconds(10), "the script to get ready");
        File.Delete(ready);

        await launcher.StopAsync(taskRef, "the job was cancelled", CancellationToken.None);

        Assert.True(File.Exists(marker), "the agent was killed without being asked to stop");
        File.Delete(marker);
        Assert.Equal(143, (await launcher.DescribeAsync(taskRef, CancellationToken.None)).ExitCode);
    }

    [Fact]
    public async Task What_an_agent_left_running_ends_with_it()
    {
        var childPidFile = Path.Combine(Path.GetTempPath(), $"feedbackfix-orphan-{Guid.NewGuid():N}.txt");
        using var launcher = Launcher($"sleep 60 & echo $! > '{childPidFile}'; exit 0");

        var taskRef = await launcher.LaunchAsync(Launch("job-orphan"), CancellationToken.None);
        await WaitForStopAsync(launcher, taskRef);

        var child = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(childPidFile);
        await Eventually.TrueAsync(() => !ProcessTable.IsAlive(child), TimeSpan.FromSeconds(10), "the child to end");
    }

    [Fact]
    public async Task An_agent_from_before_a_restart_is_running_while_its_process_lives_and_stopped_after()
    {
        string taskRef;
        using (var before = Launcher("sleep 0.2"))
        {
            taskRef = await before.LaunchAsync(Launch("job-restart"), CancellationToken.None);
            using var after = Launcher("true");
            Assert.Equal(AgentTaskStatus.Running, (await after.DescribeAsync(taskRef, CancellationToken.None)).Status);
            await WaitForStopAsync(before, taskRef);
        }

        using var restarted = Launcher("true");
        var state = await restarted.DescribeAsync(taskRef, CancellationToken.None);

        Assert.Equal(AgentTaskStatus.Stopped, state.Status);
        Assert.Contains("orchestrator restarted", state.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_reference_of_another_launcher_is_unknown()
    {
        using var launcher = Launcher("true");

        var state = await launcher.DescribeAsync("arn:aws:ecs:eu-west-1:1:task/x", CancellationToken.None);

        Assert.Equal(AgentTaskStatus.Unknown, state.Status);
    }

    [Fact]
    public async Task The_agents_output_is_logged_without_either_token()
    {
        using var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var launcher = new ProcessLauncher(
            Options.Create(new ProcessLauncherOptions { Command = "/bin/sh", Arguments = ["-c", "echo \"job $JOB_TOKEN github $GITHUB_TOKEN\""] }),
            Options.Create(new GitHubOptions { Token = GitHubToken }),
            loggers.CreateLogger<ProcessLauncher>());

        var taskRef = await launcher.LaunchAsync(Launch("job-mask"), CancellationToken.None);
        await WaitForStopAsync(launcher, taskRef);

        var line = Assert.Single(logs.Lines, message => message.Contains("job *** github", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-job-token", line, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubToken, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_cannot_be_started_is_a_launch_failure_naming_the_setting()
    {
        using var launcher = new ProcessLauncher(
            Options.Create(new ProcessLauncherOptions { Command = "/nonexistent/feedbackfix-agent" }),
            Options.Create(new GitHubOptions()),
            NullLogger<ProcessLauncher>.Instance);

        var failure = await Assert.ThrowsAsync<AgentLaunchException>(() => launcher.LaunchAsync(Launch("job-missing"), CancellationToken.None));

        Assert.False(failure.IsTransient);
        Assert.Contains("Launchers:Process:Command", failure.Message, StringComparison.Ordinal);
    }

    private static ProcessLauncher Launcher(string script) => new(
        Options.Create(new ProcessLauncherOptions { Command = "/bin/sh", Arguments = ["-c", script], StopGracePeriod = TimeSpan.FromSeconds(1) }),
        Options.Create(new GitHubOptions { Token = GitHubToken }),
        NullLogger<ProcessLauncher>.Instance);

    private static AgentLaunch Launch(string jobId, int attempt = 1) => new(jobId, "cluster-1", attempt, new Dictionary<string, string>
    {
        [AgentEnvironment.JobId] = jobId,
        [AgentEnvironment.JobToken] = "secret-job-token",
    });

    private static async Task<AgentTaskState> WaitForStopAsync(ProcessLauncher launcher, string taskRef)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var state = await launcher.DescribeAsync(taskRef, CancellationToken.None);
            if (state.Status == AgentTaskStatus.Stopped || DateTime.UtcNow > deadline)
            {
                return state;
            }
            await Task.Delay(50);
        }
    }
}
