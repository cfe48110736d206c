using FeedbackFix.AgentOrchestrator.Launchers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedbackFix.AgentOrchestrator.Tests;

/// <summary>Which launchers the orchestrator's composition registers, from its configuration alone (nothing started).</summary>
public sealed class LauncherRegistrationTests
{
    [Fact]
    public async Task Without_Launchers_Process_configured_there_is_no_process_launcher_to_start_an_agent_inside_the_service()
    {
        await using var app = Build(new Dictionary<string, string?>());

        var launchers = app.Services.GetRequiredService<AgentLaunchers>();

        Assert.Null(launchers.Find("process"));
        Assert.Equal("", launchers.Configured);
    }

    [Fact]
    public async Task With_Launchers_Process_configured_the_process_launcher_is_there()
    {
        await using var app = Build(new Dictionary<string, string?>
        {
            ["Launchers:Process:Command"] = "dotnet",
            ["Launchers:Process:Arguments:0"] = "FeedbackFix.CodingAgent.dll",
        });

        var launchers = app.Services.GetRequiredService<AgentLaunchers>();

        Assert.NotNull(launchers.Find("process"));
        Assert.Equal("process", launchers.Configured);
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false",
        });
        builder.AddOrchestratorServices();
        return builder.Build();
    }
}
