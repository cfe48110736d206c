using System.Runtime.InteropServices;
using FeedbackFix.Contracts.Agent;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent;

/// <summary>
/// Keeps the tokens out of reach of the agent command, which runs as the same user. Leaving them
/// out of its environment is not enough: a same-user process can read <c>/proc/{our pid}/environ</c>
/// (the environment we were started with, tokens included) and <c>/proc/{our pid}/mem</c>.
/// </summary>
internal static partial class ProcessProtection
{
    /// <summary>The variables no child of ours gets by default.</summary>
    public static readonly string[] Secrets = [AgentEnvironment.GitHubToken, AgentEnvironment.JobToken];

    private const int PrSetDumpable = 4;
    private const int PrSetChildSubreaper = 36;

    private static bool s_adoptsOrphans;

    /// <summary>
    /// Linux: makes this process non-dumpable, so its /proc files (environ, mem, fd...) belong to
    /// root and the kernel refuses them to other processes of our user (ptrace too). Root, or a
    /// process with CAP_SYS_PTRACE, can still read them. Where it cannot be done, says so and goes on.
    /// </summary>
    public static bool HideFromSameUser(ILogger logger)
    {
        if (Unprotected() is { } reason)
        {
            LogUnprotected(logger, reason);
            return false;
        }
        return true;
    }

    private static string? Unprotected()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux: /proc of this process stays readable to its user";
        }
        try
        {
            return Prctl(PrSetDumpable, 0, 0, 0, 0) == 0 ? null : $"prctl(PR_SET_DUMPABLE, 0) failed with errno {Marshal.GetLastPInvokeError()}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"prctl is not available: {e.Message}";
        }
    }

    /// <summary>
    /// Removes the tokens from this process's environment (the settings already hold them), so a
    /// child started without an environment of its own does not inherit them. /proc still shows the
    /// environment the process started with; <see cref="HideFromSameUser"/> covers that.
    /// </summary>
    public static void ForgetSecrets()
    {
        foreach (var name in Secrets)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    /// <summary>
    /// Linux: makes this process the subreaper of everything it starts, so a process the agent
    /// command leaves behind (a daemon, something a planted git filter started) becomes our child
    /// when its parent exits, instead of init's, and <see cref="KillLeftovers"/> can find it.
    /// Without that, such a process could sit and read the environment of our later git push.
    /// </summary>
    public static void AdoptOrphans(ILogger logger)
    {
        try
        {
            s_adoptsOrphans = OperatingSystem.IsLinux() && Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_adoptsOrphans = false;
        }
        if (!s_adoptsOrphans)
        {
            LogCannotAdoptOrphans(logger);
        }
    }

    /// <summary>
    /// Kills every child process of ours, with its descendants: called when none of ours should be
    /// running (the command has ended, no git is running), so each one found is a leftover. Does
    /// nothing unless <see cref="AdoptOrphans"/> worked: without it, our children could be anyone's
    /// (tests run the agent inside the test host).
    /// </summary>
    public static int KillLeftovers(ILogger logger)
    {
        if (!s_adoptsOrphans)
        {
            return 0;
        }
        var killed = 0;
        // A few rounds: a leftover may fork as it dies, and its children come to us in turn.
        for (var round = 0; round < 5; round++)
        {
            var children = LiveChildren();
            if (children.Count == 0)
            {
                break;
            }
            foreach (var pid in children)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                    killed++;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or AggregateException or System.ComponentModel.Win32Exception)
                {
                    // It ended in the meantime, or is already dying.
                }
            }
            Thread.Sleep(20);
        }
        if (killed > 0)
        {
            LogKilledLeftovers(logger, killed);
        }
        return killed;
    }

    /// <summary>Our children that are not zombies, from /proc/{pid}/stat ("pid (name) state ppid ...").</summary>
    private static List<int> LiveChildren()
    {
        var self = Environment.ProcessId;
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[0] != "Z" && fields[0] != "X" && int.TryParse(fields[1], out var parent) && parent == self)
                {
                    children.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }
        return children;
    }

    // DllImport rather than LibraryImport, whose generated stub needs AllowUnsafeBlocks for the
    // whole project; with blittable arguments only, there is nothing for a generator to marshal.
    // glibc's prctl is variadic; on x86-64 and arm64 Linux, integer arguments passed this way match.
    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The agent command may read this process's environment (tokens included): {Reason}")]
    private static partial void LogUnprotected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processes the agent command leaves behind cannot be found and killed (no PR_SET_CHILD_SUBREAPER)")]
    private static partial void LogCannotAdoptOrphans(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed {Count} processes the agent command left running")]
    private static partial void LogKilledLeftovers(ILogger logger, int count);
}
