using System.Collections.Concurrent;
using System.ComponentModel;
using FeedbackFix.Contracts.Agent;
using FeedbackFix.GitHub;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Launchers.Process;

/// <summary>
/// Runs the coding agent as a child process of this orchestrator: the development launcher, so F5
/// works without AWS. The child sees only the agent's variables and a few of the machine's (PATH,
/// HOME...), never this service's own settings such as its Redis connection.
/// </summary>
public sealed partial class ProcessLauncher(
    IOptions<ProcessLauncherOptions> options,
    IOptions<GitHubOptions> github,
    ILogger<ProcessLauncher> logger) : IAgentLauncher, IDisposable
{
    public const string LauncherName = "process";
    private const string TaskRefPrefix = "process:";

    /// <summary>What a child inherits from this machine's environment; everything else it is given explicitly.</summary>
    private static readonly string[] InheritedVariables =
        ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "DOTNET_ROOT", "DOTNET_CLI_HOME", "SSL_CERT_FILE", "SSL_CERT_DIR"];

    private readonly ConcurrentDictionary<string, AgentProcess> _processes = new();
    private readonly ConcurrentDictionary<string, string> _taskRefByAttempt = new();
    private readonly Lock _launching = new();

    public string Name => LauncherName;

    public Task<string> LaunchAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        var attemptKey = $"{launch.JobId}/{launch.Attempt}";
        lock (_launching)
        {
            // A redelivered launch of the same attempt gets the process already started for it.
            if (_taskRefByAttempt.TryGetValue(attemptKey, out var existing))
            {
                return Task.FromResult(existing);
            }

            var settings = options.Value;
            if (!CanRun(settings.Command))
            {
                throw new AgentLaunchException(
                    $"The agent program '{settings.Command}' was not found; check {ProcessLauncherOptions.Section}:Command.", isTransient: false);
            }
            var start = AgentProcess.StartInfo(settings.Command, settings.Arguments);
            start.Environment.Clear();
            foreach (var name in InheritedVariables)
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    start.Environment[name] = value;
                }
            }
            foreach (var (name, value) in launch.Environment)
            {
                start.Environment[name] = value;
            }
            if (!string.IsNullOrEmpty(github.Value.Token))
            {
                start.Environment[AgentEnvironment.GitHubToken] = github.Value.Token;
            }

            AgentProcess agent;
            try
            {
                agent = AgentProcess.Start(start, launch.JobId);
            }
            catch (Win32Exception ex)
            {
                throw new AgentLaunchException(
                    $"The agent program '{settings.Command}' could not be started ({ex.Message}); check {ProcessLauncherOptions.Section}:Command.",
                    isTransient: false, ex);
            }

            var taskRef = TaskRefPrefix + agent.ProcessId;
            _processes[taskRef] = agent;
            _taskRefByAttempt[attemptKey] = taskRef;
            string[] secrets = [.. new[] { launch.Environment.GetValueOrDefault(AgentEnvironment.JobToken), github.Value.Token }
                .OfType<string>().Where(secret => secret.Length > 0)];
            agent.BeginReading(line => Forward(agent, line, secrets, isError: false), line => Forward(agent, line, secrets, isError: true));
            _ = agent.Exited.ContinueWith(
                _ => LogExited(launch.JobId, agent.ProcessId, agent.ExitCode), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

            LogStarted(launch.JobId, launch.Attempt, agent.ProcessId);
            return Task.FromResult(taskRef);
        }
    }

    public Task<AgentTaskState> DescribeAsync(string taskRef, CancellationToken cancellationToken)
    {
        if (!_processes.TryGetValue(taskRef, out var agent))
        {
            return Task.FromResult(Unwatched(taskRef));
        }
        if (!agent.HasExited)
        {
            return Task.FromResult(new AgentTaskState(AgentTaskStatus.Running));
        }

        var reason = $"the agent process exited with code {agent.ExitCode}";
        if (agent.LastStderrLine() is { } last)
        {
            reason += $": {last}";
        }
        return Task.FromResult(new AgentTaskState(AgentTaskStatus.Stopped, reason, agent.ExitCode));
    }

    /// <summary>
    /// A process this launcher did not start, or started before a restart (agents lead their own
    /// process group, so one can outlive a crashed orchestrator): alive or not is all there is to know.
    /// </summary>
    private static AgentTaskState Unwatched(string taskRef)
    {
        if (!taskRef.StartsWith(TaskRefPrefix, StringComparison.Ordinal)
            || !int.TryParse(taskRef.AsSpan(TaskRefPrefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var processId))
        {
            return new AgentTaskState(AgentTaskStatus.Unknown);
        }
        return AgentProcess.IsAlive(processId)
            ? new AgentTaskState(AgentTaskStatus.Running)
            : new AgentTaskState(AgentTaskStatus.Stopped, "the agent process ended while no orchestrator watched it (the orchestrator restarted)");
    }

    public async Task StopAsync(string taskRef, string reason, CancellationToken cancellationToken)
    {
        if (!_processes.TryGetValue(taskRef, out var agent) || agent.HasExited)
        {
            return;
        }
        LogStopping(agent.JobId, agent.ProcessId, reason);
        await agent.StopAsync(options.Value.StopGracePeriod, cancellationToken);
    }

    public void Dispose()
    {
        // Agents do not outlive the orchestrator that watches them: nobody would notice them stop.
        foreach (var agent in _processes.Values.Where(agent => !agent.HasExited))
        {
            agent.Kill();
        }
    }

    /// <summary>A path that exists, or a name found on PATH (checked here: under setsid a missing program is only an exit code).</summary>
    private static bool CanRun(string command) =>
        command.Contains('/', StringComparison.Ordinal)
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(directory => File.Exists(Path.Combine(directory, command)));

    private void Forward(AgentProcess agent, string line, string[] secrets, bool isError)
    {
        foreach (var secret in secrets)
        {
            line = line.Replace(secret, "***", StringComparison.Ordinal);
        }
        if (isError)
        {
            agent.OnStderr(line);
        }
        LogAgentOutput(agent.JobId, line);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the agent for job {JobId}, attempt {Attempt}, as process {ProcessId}")]
    private partial void LogStarted(string jobId, int attempt, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The agent process {ProcessId} of job {JobId} exited with code {ExitCode}")]
    private partial void LogExited(string jobId, int processId, int? exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the agent process {ProcessId} of job {JobId}: {Reason}")]
    private partial void LogStopping(string jobId, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent of job {JobId}: {Line}")]
    private partial void LogAgentOutput(string jobId, string line);
}
