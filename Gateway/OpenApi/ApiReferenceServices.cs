using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedbackFix.Gateway.OpenApi;

public static class ApiReferenceServices
{
    /// <summary>
    /// The merged OpenAPI document: its options (section "Gateway:OpenApi"), the HttpClient that
    /// fetches each proxied service's own document through service discovery, the merge and its cache.
    /// </summary>
    public static WebApplicationBuilder AddApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpenApiDocumentOptions>()
            .BindConfiguration(OpenApiDocumentOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Service discovery and ServiceDefaults' standard resilience handler come with every
        // HttpClient; ServiceDocumentClient bounds the whole fetch, retries included, by FetchTimeout.
        builder.Services.AddHttpClient(ServiceDocumentClient.HttpClientName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OpenApiLog>();
        builder.Services.AddSingleton<ServiceDocumentClient>();
        builder.Services.AddSingleton<OpenApiMerger>();
        builder.Services.AddSingleton<MergedDocumentProvider>();
        return builder;
    }
}
