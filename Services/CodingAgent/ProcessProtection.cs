using System.Runtime.InteropServices;
using FeedbackFix.AgentOrchestrator.Launchers;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent;

/// <summary>
/// Keeps the tokens out of reach of the agent command, which runs as the same user. Leaving them
/// out of its environment is not enough: a same-user process can read <c>/proc/{our pid}/environ</c>
/// (the environment we were started with, tokens included) and <c>/proc/{our pid}/mem</c>.
/// </summary>
internal static class ProcessProtection
{
    /// <summary>The variables no child of ours gets by default.</summary>
    public static readonly string[] Secrets = [AgentEnvironment.GitHubToken, AgentEnvironment.JobToken];

    private const int PrSetDumpable = 4;

    /// <summary>
    /// Linux: makes this process non-dumpable, so its /proc files (environ, mem, fd...) belong to
    /// root and the kernel refuses them to other processes of our user (ptrace too). Root, or a
    /// process with CAP_SYS_PTRACE, can still read them. Where it cannot be done, says so and goes on.
    /// </summary>
    public static bool HideFromSameUser(ILogger logger)
    {
        if (Unprotected() is { } reason)
        {
            logger.LogWarning("The agent command may read this process's environment (tokens included): {Reason}", reason);
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

    // DllImport rather than LibraryImport, whose generated stub needs AllowUnsafeBlocks for the
    // whole project; with blittable arguments only, there is nothing for a generator to marshal.
    // glibc's prctl is variadic; on x86-64 and arm64 Linux, integer arguments passed this way match.
    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
