namespace FeedbackFix.TestSupport;

/// <summary>Reads /proc to tell whether a process with a given command line is still alive.</summary>
public static class ProcessTable
{
    /// <summary>Whether a process with this id runs (a zombie, ended but not yet reaped, does not count).</summary>
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
    }

    public static bool AnyRunning(string commandLine)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                if (arguments == commandLine)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return false;
    }

    /// <summary>Kills the processes whose command line contains <paramref name="fragment"/> (a test's own unique path): cleanup after a failed test.</summary>
    public static void KillContaining(string fragment)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Contains(fragment, StringComparison.Ordinal))
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Ended while we looked.
            }
        }
    }

    /// <summary>Waits briefly, since a killed process disappears from /proc once it has been reaped.</summary>
    public static async Task<bool> GoneWithinAsync(string commandLine, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (AnyRunning(commandLine))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
