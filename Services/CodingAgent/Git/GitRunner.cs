using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FeedbackFix.CodingAgent.Git;

/// <summary>
/// Runs the <c>git</c> CLI with an argument list (never a shell), without prompts, with a time
/// limit per command, and with the credentials in the environment of the commands that go over
/// the network only. The clone has been in the agent command's hands, so settings it could have
/// planted there to run code of its own inside our git (hooks, an fsmonitor) are overridden.
/// </summary>
internal sealed partial class GitRunner(GitCredentials? credentials, IReadOnlyDictionary<string, string> identity, TimeSpan timeout, TimeProvider time, ILogger<GitRunner> logger)
{
    /// <summary>Variables of this process a git child must not inherit: hooks and helpers need no tokens.</summary>
    private static readonly string[] Withheld = ["GITHUB_TOKEN", "JOB_TOKEN", "GIT_ASKPASS", "SSH_ASKPASS"];

    /// <summary>Command-line settings outrank the repository's own config.</summary>
    private static readonly string[] Hardening =
    [
        "-c", "core.hooksPath=/dev/null",
        "-c", "core.fsmonitor=false",
        "-c", "http.sslVerify=true",
    ];

    /// <summary>
    /// Runs git. <paramref name="authenticated"/> adds the credentials (network commands only);
    /// <paramref name="isolated"/> reads no system or global config (the user's home has been the
    /// agent command's too), for commands in a repository that only this agent has touched.
    /// </summary>
    public async Task<GitResult> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool authenticated = false, bool isolated = false)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in Hardening.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in Withheld)
        {
            start.Environment.Remove(name);
        }
        // A remote that wants a password must fail, not wait for a terminal nobody watches.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in identity)
        {
            start.Environment[name] = value;
        }
        if (isolated)
        {
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            start.Environment.Remove("GIT_CONFIG_PARAMETERS");
            start.Environment.Remove("GIT_CONFIG_COUNT");
        }
        if (authenticated)
        {
            credentials?.AddTo(start.Environment);
        }

        LogRunning(arguments.Count > 0 ? arguments[0] : "");
        using var process = Start(start);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return new GitResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended on its own in the meantime.
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitException($"git {arguments[0]} took longer than {timeout.TotalSeconds:0} s");
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new GitException("git could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException($"git could not be started ({e.Message}); is it installed and on PATH?");
        }
    }

    /// <summary>Runs a command that must succeed; its failure reads "{what} failed: {git's reason}".</summary>
    public async Task<string> RunCheckedAsync(string? workingDirectory, string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool authenticated = false, bool isolated = false)
    {
        var result = await RunAsync(workingDirectory, arguments, cancellationToken, authenticated, isolated);
        if (result.ExitCode != 0)
        {
            throw new GitException($"{what} failed: {result.Reason()}");
        }
        return result.Output;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "git {Command}")]
    private partial void LogRunning(string command);
}
