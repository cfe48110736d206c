using System.Diagnostics;

namespace FeedbackFix.AgentOrchestrator.Launchers.Process;

/// <summary>One coding-agent child process: its exit code once it ends, and the last lines it wrote to stderr.</summary>
internal sealed class AgentProcess(System.Diagnostics.Process process, string jobId)
{
    private const int StderrLinesKept = 5;
    private readonly Queue<string> _stderrTail = new();

    public string JobId { get; } = jobId;

    public int ProcessId { get; } = process.Id;

    public Task Exited { get; } = process.WaitForExitAsync();

    public bool HasExited => Exited.IsCompleted;

    public int? ExitCode => HasExited ? process.ExitCode : null;

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

    /// <summary>Ends the agent and everything it started (its git and agent command).</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static ProcessStartInfo StartInfo(string command, IEnumerable<string> arguments) => new(command, arguments)
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = false,
    };
}
