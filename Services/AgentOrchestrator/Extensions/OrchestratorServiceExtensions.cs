using FeedbackFix.AgentOrchestrator;
using FeedbackFix.AgentOrchestrator.Capabilities;
using FeedbackFix.AgentOrchestrator.Issues;
using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using FeedbackFix.AgentOrchestrator.Launchers.Process;
using FeedbackFix.AgentOrchestrator.Launching;
using FeedbackFix.AgentOrchestrator.Reconciling;
using FeedbackFix.Domain.Stores;
using FeedbackFix.GitHub;

namespace Microsoft.Extensions.Hosting;

public static class OrchestratorServiceExtensions
{
    /// <summary>Redis, GitHub, the launchers (process when <c>Launchers:Process</c> is configured, ecs when <c>Launchers:Ecs</c> is), the launch worker, the reconciler and the capabilities it tells Clusters.</summary>
    public static WebApplicationBuilder AddOrchestratorServices(this WebApplicationBuilder builder)
    {
        builder.AddRedisConnection("redis");
        builder.Services.AddFeedbackFixStores();
        builder.Services.AddGitHub();

        builder.Services.AddOptions<OrchestratorOptions>()
            .BindConfiguration(OrchestratorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The process launcher runs the agent as a child of this service: only where it is configured
        // (the AppHost does, on a developer's machine). A deployment launches agents on ECS, and a job
        // naming `process` there is refused instead of started inside the orchestrator's container.
        if (builder.Configuration.GetSection(ProcessLauncherOptions.Section).Exists())
        {
            builder.Services.AddOptions<ProcessLauncherOptions>()
                .BindConfiguration(ProcessLauncherOptions.Section)
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddSingleton<IAgentLauncher, ProcessLauncher>();
        }
        if (builder.Configuration.GetSection(EcsOptions.Section).Exists())
        {
            builder.Services.AddEcsLauncher();
        }

        builder.Services.AddSingleton<AgentLaunchers>();
        builder.Services.AddSingleton<IssueOpener>();
        builder.Services.AddSingleton<JobLauncher>();
        builder.Services.AddHostedService<JobLaunchWorker>();
        builder.Services.AddSingleton<JobReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobReconciler>());
        builder.Services.AddHostedService<CapabilitiesPublisher>();
        return builder;
    }
}
