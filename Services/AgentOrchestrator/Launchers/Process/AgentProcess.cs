using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FeedbackFix.AgentOrchestrator.Launchers.Process;

/// <summary>
/// One coding-agent child process: its exit code once it ends, and the last lines it wrote to stderr.
/// Where <c>setsid</c> exists the agent leads its own process group, so a stop reaches everything it
/// started, even what outlives it.
/// </summary>
internal sealed partial class AgentProcess
{
    private const string SetSid = "/usr/bin/setsid";
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int StderrLinesKept = 5;

    private readonly System.Diagnostics.Process _process;
    private readonly bool _ownsGroup;
    private readonly Queue<string> _stderrTail = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);
    private int _ending;
    private int? _exitCode;

    private AgentProcess(System.Diagnostics.Process process, string jobId, bool ownsGroup)
    {
        _process = process;
        _ownsGroup = ownsGroup;
        JobId = jobId;
        ProcessId = process.Id;
        // The Exited event, not WaitForExitAsync: that also waits for the output pipes to close,
        // which a grandchild left running keeps open.
        process.Exited += (_, _) => OnExited();
        // One that exited before the handler was attached may have raised the event already.
        if (process.HasExited)
        {
            OnExited();
        }
    }

    // Called once or twice (the event and the check above); the first call ends it.
    private void OnExited()
    {
        if (Interlocked.Exchange(ref _ending, 1) == 1)
        {
            return;
        }
        // Nothing of an agent outlives it: a command it left running (killed with it, say) goes too.
        if (_ownsGroup)
        {
            Signal(SigKill);
        }
        // Its last words (the stderr line a stop reason quotes) are read before it counts as ended. Then its
        // exit code is kept and the process let go, pipes and all: a long-lived orchestrator starts many.
        _ = Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(OutputDrainLimit)
            .ContinueWith(_ =>
            {
                _exitCode = _process.ExitCode;
                _process.Dispose();
                _exited.TrySetResult();
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public string JobId { get; }

    public int ProcessId { get; }

    public Task Exited => _exited.Task;

    public bool HasExited => Exited.IsCompleted;

    public int? ExitCode => HasExited ? _exitCode : null;

    /// <summary>Starts <paramref name="start"/>'s program in a process group of its own when the machine allows.</summary>
    public static AgentProcess Start(ProcessStartInfo start, string jobId)
    {
        var ownsGroup = !OperatingSystem.IsWindows() && File.Exists(SetSid);
        if (ownsGroup)
        {
            // setsid execs in place (the child is not a group leader), so the process id stays the agent's.
            start.ArgumentList.Insert(0, start.FileName);
            start.FileName = SetSid;
        }
        var process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        return new AgentProcess(process, jobId, ownsGroup);
    }

    public void BeginReading(Action<string> stdout, Action<string> stderr)
    {
        _process.OutputDataReceived += (_, e) => Read(e.Data, stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => Read(e.Data, stderr, _stderrClosed);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static void Read(string? line, Action<string> handle, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        handle(line);
    }

    public void OnStderr(string line)
    {
        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line);
            if (_stderrTail.Count > StderrLinesKept)
            {
                _stderrTail.Dequeue();
            }
        }
    }

    public string? LastStderrLine()
    {
        lock (_stderrTail)
        {
            return _stderrTail.LastOrDefault(line => !string.IsNullOrWhiteSpace(line));
        }
    }

    /// <summary>
    /// Asks the agent to stop (SIGTERM, as ECS StopTask does), so it can end its command and report;
    /// after the grace period whatever still runs is killed with everything it started.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Signal(SigTerm);
        try
        {
            await Exited.WaitAsync(grace, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        Kill();
        await Exited.WaitAsync(cancellationToken);
    }

    /// <summary>Ends the agent and everything it started (its git and agent command).</summary>
    public void Kill()
    {
        if (HasExited)
        {
            return;
        }
        if (_ownsGroup)
        {
            // The whole group, including anything the agent's command left behind when it ended.
            Signal(SigKill);
            return;
        }
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Signal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
            return;
        }
        // A negative id addresses the process group. Errors (ESRCH: nothing left) need no handling.
        _ = SendSignal(_ownsGroup ? -ProcessId : ProcessId, signal);
    }

    /// <summary>Whether a process with this id runs (a zombie does not count).</summary>
    public static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return !stat[(stat.LastIndexOf(')') + 1)..].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    public static ProcessStartInfo StartInfo(string command, IEnumerable<string> arguments) => new(command, arguments)
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = false,
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int processId, int signal);
}
