using FeedbackFix.Clusters;
using FeedbackFix.Clusters.Apis;
using FeedbackFix.Clusters.Auth;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Clusters.Idempotency;
using FeedbackFix.Clusters.Logs;
using FeedbackFix.Clusters.Problems;
using FeedbackFix.Clusters.PullRequests;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Json;
using FeedbackFix.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.OpenApi;

namespace Microsoft.Extensions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Redis, the Domain stores, <see cref="FixOptions"/>, the job token, what the Clusters APIs use, and the
    /// worker that applies GitHub's pull-request deliveries to jobs and clusters (<see cref="PullRequestOptions"/>).
    /// </summary>
    public static IHostApplicationBuilder AddClustersServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisConnection("redis");
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.ConfigureRequests(options.SerializerOptions));
        builder.Services.AddFeedbackFixStores();
        builder.Services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        builder.Services.Configure<IdempotencyOptions>(options => options.ClientHeader = ApiHeaders.Caller);

        builder.Services.AddOptions<FixOptions>()
            .BindConfiguration(FixOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<PullRequestOptions>()
            .BindConfiguration(PullRequestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<PullRequestWorker>();

        builder.Services.AddJobTokenAuthorization();
        builder.AddApiDescription("FeedbackFix clusters and jobs", JobTokenAuthorization.Credential);
        builder.Services.Configure<OpenApiOptions>(ApiDescriptionExtensions.DocumentName, options => options.AddSchemaTransformer<StatusNameSchemas>());
        builder.Services.AddExceptionHandler<ConcurrentChangeExceptionHandler>();
        builder.Services.AddSingleton<FixStarter>();
        builder.Services.AddSingleton<JobLogStream>();
        return builder;
    }
}
