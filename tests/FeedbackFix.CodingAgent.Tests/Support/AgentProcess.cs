using System.Diagnostics;

namespace FeedbackFix.CodingAgent.Tests.Support;

/// <summary>The built agent started as the orchestrator starts it: <c>dotnet FeedbackFix.CodingAgent.dll</c> with its environment.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private readonly string? _copy;

    private AgentProcess(Process process, string? copy)
    {
        _process = process;
        _copy = copy;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Its console output and errors, once it has exited.</summary>
    public async Task<string> ConsoleAsync() => $"{await _output}\n{await _error}";

    /// <summary>
    /// Starts the agent; <paramref name="runAs"/> (a user, with <paramref name="runAsGroup"/>) starts
    /// it through <c>setpriv</c> as that user instead of ours, which takes root.
    /// </summary>
    public static AgentProcess Start(IReadOnlyDictionary<string, string> environment, string? runAs = null, string? runAsGroup = null)
    {
        var start = new ProcessStartInfo(runAs is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { $"--reuid={runAs}", $"--regid={runAsGroup ?? runAs}", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        // Another user may not be able to reach the build output (a checkout in a 0700 folder),
        // so it runs a copy in a folder everyone can read.
        var copy = runAs is null || OperatingSystem.IsWindows() ? null : ReadableCopy();
        start.ArgumentList.Add(copy is null ? Assembly() : Path.Combine(copy, Path.GetFileName(Assembly())));
        if (copy is not null)
        {
            start.WorkingDirectory = copy;
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new AgentProcess(Process.Start(start)!, copy);
    }

    public async Task WaitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        if (_copy is not null)
        {
            try
            {
                Directory.Delete(_copy, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string ReadableCopy()
    {
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        var copy = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"feedbackfix-agent-{Guid.NewGuid():N}"), Readable).FullName;
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            var target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return copy;
    }

    /// <summary>The agent's dll: copied beside the test assembly by the project reference.</summary>
    private static string Assembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "FeedbackFix.CodingAgent.dll");
        Assert.True(File.Exists(beside), $"{beside} is missing");
        Assert.True(File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")), "the agent's runtimeconfig.json is missing");
        return beside;
    }
}
