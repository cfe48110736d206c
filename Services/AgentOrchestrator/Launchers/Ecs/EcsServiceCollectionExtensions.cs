using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.AgentOrchestrator.Launchers.Ecs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class EcsServiceCollectionExtensions
{
    /// <summary>
    /// The <c>ecs</c> launcher: <see cref="EcsOptions"/> from "Launchers:Ecs" (validated at start),
    /// AWS credentials from AWSSDK.Core's default chain unless an <see cref="IAwsCredentialsSource"/>
    /// is registered first, the ECS client, and <see cref="EcsLauncher"/> as an <see cref="IAgentLauncher"/>
    /// (also keyed "ecs").
    /// </summary>
    public static IServiceCollection AddEcsLauncher(this IServiceCollection services)
    {
        services.AddOptions<EcsOptions>()
            .BindConfiguration(EcsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton<AwsRequestSigner>();

        // The standard resilience handler (added to every client by AddServiceDefaults) is removed on
        // purpose: EcsClient retries itself, signing each attempt afresh (a SigV4 signature carries its
        // time), and the handler would replay the same signed request, multiply our attempts, and time
        // out a RunTask while it waits out throttling. The connection lifetime stands in for the
        // factory's handler rotation, since the launcher, a singleton, keeps its client for good.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental, but is the way to drop a handler ConfigureHttpClientDefaults added.
        services.AddHttpClient<EcsClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.TryAddSingleton<EcsLauncher>();
        services.AddSingleton<IAgentLauncher>(provider => provider.GetRequiredService<EcsLauncher>());
        services.AddKeyedSingleton<IAgentLauncher>(EcsLauncher.LauncherName, (provider, _) => provider.GetRequiredService<EcsLauncher>());
        return services;
    }
}
