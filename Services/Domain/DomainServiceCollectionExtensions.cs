using FeedbackFix.Domain.Idempotency;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DomainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Redis stores. An <c>IConnectionMultiplexer</c> must be registered too
    /// (in a service, by <c>AddRedisClient("redis")</c>).
    /// </summary>
    public static IServiceCollection AddFeedbackFixStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeedbackStore>();
        services.TryAddSingleton<ClusterStore>();
        services.TryAddSingleton<ClusterCurationStore>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<PullRequestStore>();
        services.TryAddSingleton<SourceConfigStore>();
        services.TryAddSingleton<RepositoryMappingStore>();
        services.TryAddSingleton<ClusteringSettingsStore>();
        services.TryAddSingleton<VectorStore>();
        services.TryAddSingleton<ClusterMembershipStore>();
        services.TryAddSingleton<OrchestratorCapabilitiesStore>();
        services.TryAddSingleton<IdempotencyStore>();
        return services;
    }
}
