using System.Diagnostics;
using System.Globalization;

namespace FeedbackFix.Bench.Processes;

/// <summary>
/// A server this program started: run under coreutils <c>timeout</c>, so it stops by itself even if
/// this program is killed before it can stop it; the last lines it printed are kept for diagnosis,
/// and all of them are written to a log file when one is given.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly StreamWriter? _log;

    private ServiceProcess(string name, Process process, string? logFile)
    {
        Name = name;
        _process = process;
        _log = logFile is null ? null : new StreamWriter(logFile, append: true);
    }

    public string Name { get; }

    /// <summary>CPU time the server has used so far.</summary>
    public TimeSpan CpuTime => ProcessCpu.OfTree(_process.Id);

    /// <summary>Starts <paramref name="fileName"/>; an environment value of null removes that variable; its output goes to <paramref name="logFile"/> too when given.</summary>
    public static ServiceProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan maxLifetime,
        string? workingDirectory = null,
        string? logFile = null)
    {
        var start = new ProcessStartInfo("timeout")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kill-after=10s");
        start.ArgumentList.Add(((int)maxLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: '{fileName}' did not start.");
        var service = new ServiceProcess(name, process, logFile);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls <paramref name="isReady"/> until it says yes; fails early, with the process's last output, if it exits.</summary>
    public async Task WaitReadyAsync(Func<CancellationToken, Task<bool>> isReady, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Tail()}");
            }
            if (await isReady(cancellationToken))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        throw new TimeoutException($"{Name} was not ready within {within.TotalSeconds:0} s:\n{Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            Console.Error.WriteLine($"{Name}: could not confirm it stopped ({e.Message}); its timeout ends it.");
        }
        _process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _log?.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }
}
