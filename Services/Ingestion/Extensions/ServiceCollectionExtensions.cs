using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Ingestion;
using FeedbackFix.Ingestion.Idempotency;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Retention;
using FeedbackFix.Ingestion.Webhooks;
using FeedbackFix.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.Extensions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>The largest request body Ingestion reads; the gateway enforces the same limit in front of it.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>
    /// Adds the Redis client (connection string "redis"), the Domain stores, the request limits, the
    /// webhook secrets (optional: a webhook without its secret answers 503 and accepts nothing), the
    /// webhooks' public base URL (optional) and the reports' retention (<see cref="RetentionOptions"/>: off
    /// unless an age is set; its passes run in the background).
    /// </summary>
    public static TBuilder AddIngestionServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisConnection("redis");
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.ConfigureRequests(options.SerializerOptions));
        builder.Services.AddFeedbackFixStores();
        builder.Services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        builder.Services.Configure<IdempotencyOptions>(options => options.ClientHeader = ApiHeaders.Caller);
        builder.AddApiDescription("FeedbackFix ingestion");
        builder.Services.Configure<OpenApiOptions>(ApiDescriptionExtensions.DocumentName, options => options.AddSchemaTransformer<RedditIngestRequestSchema>());
        builder.Services.AddSingleton<IngestLog>();
        builder.Services.AddOptions<SentryWebhookOptions>()
            .BindConfiguration(SentryWebhookOptions.Section)
            .Validate(o => WebhookSignature.IsWellFormedSecret(o.ClientSecret), SecretMessage(SentryWebhookOptions.ClientSecretSetting, SentryWebhookOptions.AppHostParameter))
            .ValidateOnStart();
        builder.Services.AddOptions<GitHubWebhookOptions>()
            .BindConfiguration(GitHubWebhookOptions.Section)
            .Validate(o => WebhookSignature.IsWellFormedSecret(o.Secret), SecretMessage(GitHubWebhookOptions.SecretSetting, GitHubWebhookOptions.AppHostParameter))
            .ValidateOnStart();
        builder.Services.AddOptions<WebhookUrlOptions>()
            .BindConfiguration(WebhookUrlOptions.Section)
            .Validate(o => WebhookUrlOptions.IsValid(o.PublicBaseUrl),
                $"{WebhookUrlOptions.PublicBaseUrlSetting} must be an absolute http or https URL without query or fragment, such as https://feedback.example.com.")
            .ValidateOnStart();
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionTelemetry>();
        builder.Services.AddSingleton<FeedbackRetention>();
        builder.Services.AddHostedService<FeedbackRetentionService>();
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    private static string SecretMessage(string setting, string appHostParameter) =>
        $"{setting} has leading or trailing whitespace (a pasted newline?): give the AppHost parameter '{appHostParameter}' the secret exactly as the sender has it.";
}
