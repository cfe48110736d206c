using FeedbackFix.Domain.Stores;
using FeedbackFix.Poller;
using FeedbackFix.Poller.Ingestion;
using FeedbackFix.Poller.Polling;
using FeedbackFix.Poller.Reddit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class PollerServiceExtensions
{
    /// <summary>Redis, the Reddit settings and client, the Ingestion client, and the polling worker.</summary>
    public static WebApplicationBuilder AddPollerServices(this WebApplicationBuilder builder)
    {
        builder.AddRedisConnection("redis");
        builder.Services.AddFeedbackFixStores();
        builder.Services.TryAddSingleton<PollerStateStore>();

        builder.Services.AddOptions<RedditOptions>()
            .BindConfiguration(RedditOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The standard resilience handler (added to every client by AddServiceDefaults) is removed
        // here on purpose: RedditClient retries itself, so every retry waits its turn in the request
        // budget (the handler's retries would slip past RequestsPerMinute), a 429's Retry-After is
        // waited once rather than by two layers, and the handler's 30 s total timeout would cut off
        // a legitimate wait for Reddit's rate-limit reset. Redirects are not followed: Reddit
        // redirects an unknown subreddit to a search listing, which must not be read as posts.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental, but is the way to drop a handler ConfigureHttpClientDefaults added.
        builder.Services.AddHttpClient(RedditClient.HttpClientName, (services, http) =>
            {
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", services.GetRequiredService<IOptions<RedditOptions>>().Value.UserAgent);
                http.Timeout = TimeSpan.FromSeconds(30);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        // Keeps the standard handler: posting a batch is idempotent (Ingestion dedupes on the fullname).
        builder.Services.AddHttpClient(IngestionClient.HttpClientName, http => http.BaseAddress = new Uri(IngestionClient.BaseAddress));

        builder.Services.AddSingleton<PollerTelemetry>();
        builder.Services.AddSingleton<RedditRequestBudget>();
        builder.Services.AddSingleton<RedditTokenSource>();
        builder.Services.AddSingleton<RedditClient>();
        builder.Services.AddSingleton<IngestionClient>();
        builder.Services.AddSingleton<RedditPoller>();
        builder.Services.AddHostedService<PollerWorker>();
        return builder;
    }
}
