using FeedbackFix.Clustering;
using FeedbackFix.Clustering.Auth;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Clustering.Similarity;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ClusteringServiceExtensions
{
    /// <summary>Redis, the stores, the admin key, embeddings, the clustering algorithm, labels, the embedder, the membership writer and the similar clusters' search.</summary>
    public static WebApplicationBuilder AddClusteringServices(this WebApplicationBuilder builder)
    {
        builder.AddRedisConnection("redis");
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.ConfigureRequests(options.SerializerOptions));
        builder.Services.AddFeedbackFixStores();

        builder.Services.AddOptions<ClusteringOptions>()
            .BindConfiguration(ClusteringOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddAdminKeyAuthorization();
        builder.AddApiDescription("FeedbackFix clustering", AdminKeyAuthorization.Credential);
        builder.Services.AddGroupingOptions();

        builder.AddEmbeddings();
        builder.AddLabeling();

        builder.Services.AddSingleton<ClusteringTelemetry>();
        builder.Services.AddSingleton<ClusterSpaceCache>();
        builder.Services.AddSingleton<MembershipLease>();
        builder.Services.AddSingleton(services => new ModelSummaries(
            services.ChatSummarizerOrNull(),
            services.GetRequiredService<ClusterMembershipStore>(),
            services.GetRequiredService<IOptions<LabelingOptions>>(),
            services.GetRequiredService<ILogger<ModelSummaries>>()));
        builder.Services.AddSingleton<ClusterLabeling>();
        builder.Services.AddSingleton<ItemPlacer>();
        builder.Services.AddSingleton<ClusterRefiner>();
        builder.Services.AddSingleton<EmbeddingModelGuard>();
        builder.Services.AddSingleton<SimilarClusters>();
        builder.Services.AddHostedService<FeedbackEmbedder>();
        builder.Services.AddHostedService<MembershipWriter>();
        return builder;
    }

    /// <summary>
    /// Binds and validates <see cref="GroupingOptions"/> (section <c>Clustering:Grouping</c>); a join bar
    /// not configured follows the embedder's vectors (<see cref="GroupingOptions.DefaultAssignThreshold"/>).
    /// </summary>
    public static IServiceCollection AddGroupingOptions(this IServiceCollection services)
    {
        services.AddOptions<GroupingOptions>()
            .BindConfiguration(GroupingOptions.Section)
            .Configure<IConfiguration, IOptions<EmbeddingOptions>>((grouping, configuration, embedding) =>
            {
                if (string.IsNullOrEmpty(configuration.GetSection(GroupingOptions.Section)[nameof(GroupingOptions.AssignThreshold)]))
                {
                    grouping.AssignThreshold = GroupingOptions.DefaultAssignThreshold(embedding.Value.Provider);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
