using System.Reflection;
using FeedbackFix.AppHost.Parameters;

namespace FeedbackFix.AppHost.Fixes;

internal static class AgentOrchestratorExtensions
{
    /// <summary>
    /// The <c>agent-orchestrator</c> resource: launches coding agents for fixes and watches them. Agents
    /// report to the gateway (<c>BACKEND_URL</c>). In development the <c>process</c> launcher runs the
    /// CodingAgent built beside this AppHost. GitHub settings come from optional parameters:
    /// <c>github-token</c> (secret; without it start_fix and retry are refused, naming it), <c>github-api-url</c>
    /// (GitHub Enterprise), <c>git-base-url</c> (where agents clone from) and <c>agent-command</c> (what
    /// the agent runs in the clone).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddAgentOrchestrator(
        this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithConnectionString> redis, IResourceBuilder<ProjectResource> gateway)
    {
        var orchestrator = builder.AddProject<Projects.FeedbackFix_AgentOrchestrator>("agent-orchestrator")
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment("Orchestrator__BackendUrl", gateway.GetEndpoint("http"));
        // The process launcher runs the CodingAgent built on this machine: only when the AppHost runs
        // the system here, never in a published manifest, which must not name a path on this machine
        // (a deployment launches agents as containers: the ecs launcher, docs/deploy.md).
        if (builder.ExecutionContext.IsRunMode)
        {
            orchestrator
                .WithEnvironment("Launchers__Process__Command", "dotnet")
                .WithEnvironment("Launchers__Process__Arguments__0", CodingAgentAssembly());
        }
        return orchestrator
            .WithOptionalParameter("github-token", "GitHub__Token", secret: true)
            .WithOptionalParameter("github-api-url", "GitHub__ApiUrl")
            .WithOptionalParameter("git-base-url", "Orchestrator__GitBaseUrl")
            .WithOptionalParameter("agent-command", "Orchestrator__AgentCommand");
    }

    /// <summary>The CodingAgent's assembly, built with this AppHost (a project reference) in the same configuration.</summary>
    private static string CodingAgentAssembly()
    {
        var configuration = typeof(AgentOrchestratorExtensions).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "BuildConfiguration")?.Value ?? "Debug";
        var projectDirectory = Path.GetDirectoryName(new Projects.FeedbackFix_CodingAgent().ProjectPath)!;
        return Path.Combine(projectDirectory, "bin", configuration, "net10.0", "FeedbackFix.CodingAgent.dll");
    }
}
