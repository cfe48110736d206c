using FeedbackFix.Clusters;
using FeedbackFix.Clusters.Auth;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Clusters.Idempotency;
using FeedbackFix.Clusters.Logs;
using FeedbackFix.Clusters.Problems;
using FeedbackFix.Contracts.Json;
using FeedbackFix.ServiceDefaults.Idempotency;

namespace Microsoft.Extensions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Redis, the Domain stores, <see cref="FixOptions"/>, the job token and what the Clusters APIs use.</summary>
    public static IHostApplicationBuilder AddClustersServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisConnection("redis");
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddFeedbackFixStores();
        builder.Services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();

        builder.Services.AddOptions<FixOptions>()
            .BindConfiguration(FixOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddJobTokenAuthorization();
        builder.AddApiDescription("FeedbackFix clusters and jobs", JobTokenAuthorization.Credential);
        builder.Services.AddExceptionHandler<ConcurrentChangeExceptionHandler>();
        builder.Services.AddSingleton<FixStarter>();
        builder.Services.AddSingleton<JobLogStream>();
        return builder;
    }
}
