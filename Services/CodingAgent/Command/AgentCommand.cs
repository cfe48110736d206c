using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent.Command;

/// <summary>
/// Runs AGENT_COMMAND with <c>/bin/sh -c</c> in the clone, hands every line it prints (stdout and
/// stderr) to <c>onLine</c>, and kills the whole process tree when it runs out of time or the run
/// is stopped.
/// </summary>
internal sealed partial class AgentCommand(string command, TimeSpan timeout, TimeProvider time, ILogger<AgentCommand> logger)
{
    /// <summary>
    /// Our secrets are not the command's: it gets neither the job token (it must not report as the
    /// job) nor the GitHub token (it must not push; we push what it leaves in the tree).
    /// </summary>
    private static readonly string[] Withheld = ["GITHUB_TOKEN", "JOB_TOKEN"];

    // Output a child keeps open after the shell has exited (a daemon it started) is not waited for long.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public async Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Func<string, CancellationToken, ValueTask> onLine,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", command },
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in Withheld)
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh could not be started");
        // Nobody types into the command: a prompt for input reads end-of-file instead of waiting forever.
        process.StandardInput.Close();
        LogStarted(process.Id);

        using var outputDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdout = PumpAsync(process.StandardOutput, onLine, outputDone.Token);
        var stderr = PumpAsync(process.StandardError, onLine, outputDone.Token);

        using var deadline = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ProcessProtection.KillLeftovers(logger);
            await FinishOutputAsync(stdout, stderr, outputDone);
            cancellationToken.ThrowIfCancellationRequested();
            LogTimedOut(timeout);
            return new CommandResult(-1, TimedOut: true);
        }

        // What it started and left running (a daemon, a background job) goes with it.
        ProcessProtection.KillLeftovers(logger);
        await FinishOutputAsync(stdout, stderr, outputDone);
        return new CommandResult(process.ExitCode, TimedOut: false);
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
        catch (AggregateException e)
        {
            LogKillFailed(e);
        }
    }

    private async Task FinishOutputAsync(Task stdout, Task stderr, CancellationTokenSource outputDone)
    {
        var both = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(both, Task.Delay(OutputGrace, time, CancellationToken.None)) != both)
        {
            await outputDone.CancelAsync();
        }
        try
        {
            await both;
        }
        catch (OperationCanceledException)
        {
            // Cut short above, or the run is stopping: what was read has been handed on.
        }
    }

    private static async Task PumpAsync(StreamReader reader, Func<string, CancellationToken, ValueTask> onLine, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            await onLine(line, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the agent command as process {ProcessId}")]
    private partial void LogStarted(int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The agent command ran longer than {Timeout} and was killed")]
    private partial void LogTimedOut(TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Some processes of the agent command could not be killed")]
    private partial void LogKillFailed(Exception exception);
}
