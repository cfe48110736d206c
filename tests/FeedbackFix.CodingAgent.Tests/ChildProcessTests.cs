using System.Diagnostics;
using FeedbackFix.CodingAgent.Tests.Support;

namespace FeedbackFix.CodingAgent.Tests;

/// <summary>The built agent started as the orchestrator starts it: <c>dotnet FeedbackFix.CodingAgent.dll</c> with its environment.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task The_built_agent_runs_a_job_end_to_end_as_a_child_process()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AgentAssembly() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in scenario.Environment("echo \"github token: ${GITHUB_TOKEN:-withheld}\"; echo fixed >> README.md"))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await error}");
        Assert.Equal("succeeded", scenario.Backend.Reports[^1].Status);
        Assert.Equal(Assert.Single(scenario.GitHub.PullRequests).HtmlUrl, scenario.Backend.Reports[^1].PrUrl);
        Assert.Contains("github token: withheld", scenario.Backend.Lines);
        Assert.DoesNotContain(scenario.GitHub.Token, await output);
        Assert.DoesNotContain(scenario.Backend.Token, await output);
    }

    [Fact]
    public async Task SIGTERM_stops_the_agent_and_its_command()
    {
        await using var scenario = await AgentScenario.StartAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AgentAssembly() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in scenario.Environment("echo sleeping; sleep 61.5"))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!scenario.Backend.Lines.Contains("sleeping") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Contains("sleeping", scenario.Backend.Lines);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.Stopped, process.ExitCode);
        Assert.Equal("failed", scenario.Backend.Reports[^1].Status);
        Assert.True(await ProcessTable.GoneWithinAsync("sleep 61.5", TimeSpan.FromSeconds(5)), "the command outlived the agent");
    }

    /// <summary>The agent's dll: copied beside the test assembly by the project reference.</summary>
    private static string AgentAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "FeedbackFix.CodingAgent.dll");
        Assert.True(File.Exists(beside), $"{beside} is missing");
        Assert.True(File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")), "the agent's runtimeconfig.json is missing");
        return beside;
    }
}
