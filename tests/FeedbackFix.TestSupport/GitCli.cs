using System.Diagnostics;

namespace FeedbackFix.TestSupport;

/// <summary>The real git CLI for arranging and checking test repositories.</summary>
public static class GitCli
{
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["GIT_AUTHOR_NAME"] = "Test Seeder";
        start.Environment["GIT_AUTHOR_EMAIL"] = "seeder@example.com";
        start.Environment["GIT_COMMITTER_NAME"] = "Test Seeder";
        start.Environment["GIT_COMMITTER_EMAIL"] = "seeder@example.com";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
        return output.Result;
    }
}
