using System.Diagnostics;

namespace FeedbackFix.Bench.Faults;

/// <summary>
/// The AppHost's own redis-server (the one whose parent is Aspire's process runner, dcp), killed
/// with SIGKILL and started again with the same settings, as an operator would. Redis rewrites its
/// command line into its process title, so the settings are asked of it (CONFIG GET) before the kill.
/// </summary>
internal sealed record RedisProcess(int Pid, string[] Arguments, string WorkingDirectory)
{
    public static RedisProcess FindTheAppHosts()
    {
        var candidates = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Comm(pid) == "redis-server" && Comm(ParentOf(pid)) == "dcp")
            .ToList();
        return candidates switch
        {
            [var pid] => new RedisProcess(pid, ArgumentsOf(pid), WorkingDirectoryOf(pid)),
            [] => throw new InvalidOperationException("No redis-server run by the AppHost: start it with `dotnet run --project AppHost` (Redis:Mode local)."),
            _ => throw new InvalidOperationException($"{candidates.Count} redis-servers run by AppHosts; stop all but one."),
        };
    }

    public void Kill() => Process.GetProcessById(Pid).Kill();

    /// <summary>
    /// Starts redis-server again as it was, as a daemon logging to redis-restarted.log in its data
    /// folder: it outlives this program, serving the AppHost, and holds none of this program's output.
    /// </summary>
    public void StartAgain()
    {
        var start = new ProcessStartInfo(Arguments[0]) { WorkingDirectory = WorkingDirectory, UseShellExecute = false };
        foreach (var argument in Arguments.Skip(1).Concat(["--daemonize", "yes", "--logfile", "redis-restarted.log"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var daemon = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start again.");
        daemon.WaitForExit();
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The settings the AppHost starts it with, as it runs them now: its title says "redis-server host:port".</summary>
    private static string[] ArgumentsOf(int pid)
    {
        var title = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)[0];
        var port = title[(title.LastIndexOf(':') + 1)..].Trim();
        return ["redis-server", "--port", port, .. new[] { "bind", "dir", "appendonly", "save" }.SelectMany(name => new[] { $"--{name}", Config(port, name) })];
    }

    private static string Config(string port, string name)
    {
        var start = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", port, "--raw", "CONFIG", "GET", name]) { RedirectStandardOutput = true };
        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var lines = cli.StandardOutput.ReadToEnd().Split('\n');
        cli.WaitForExit();
        // The answer is the name, then its value (empty for an empty value such as save "").
        return lines.Length >= 2 && lines[0] == name ? lines[1] : throw new InvalidOperationException($"redis-cli CONFIG GET {name} on port {port} answered '{string.Join(' ', lines)}'.");
    }

    private static string WorkingDirectoryOf(int pid) =>
        new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName
        ?? throw new InvalidOperationException($"The working directory of redis-server {pid} is not readable.");
}
