using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Sources;
using FeedbackFix.Ingestion.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Ingestion.Apis;

// GET /config/webhooks   {"webhooks": [{"source", "url", "secret_configured", "signature_header"}, ...]}; never a secret
public static class WebhookConfigApi
{
    public static IEndpointRouteBuilder MapWebhookConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/config/webhooks", ListWebhooks)
            .WithTags("Sources")
            .WithSummary("The webhooks to set up in Sentry and GitHub: address, whether the secret is configured, signature header")
            .WithDescription($"The address is {WebhookUrlOptions.PublicBaseUrlSetting} when set, else the host and scheme the gateway forwards. " +
                "Secrets are never shown, only whether each is configured.");
        return app;
    }

    public static Ok<WebhookList> ListWebhooks(
        HttpRequest request,
        IOptions<WebhookUrlOptions> urls,
        IOptions<SentryWebhookOptions> sentry,
        IOptions<GitHubWebhookOptions> github)
    {
        var baseUrl = PublicAddress.BaseOf(request, urls.Value.PublicBaseUrl);
        return TypedResults.Ok(new WebhookList(
        [
            new WebhookEndpoint(FeedbackSource.Sentry, $"{baseUrl}{WebhookApi.SentryPath}",
                !string.IsNullOrEmpty(sentry.Value.ClientSecret), WebhookApi.SentrySignatureHeader),
            new WebhookEndpoint(FeedbackSource.Github, $"{baseUrl}{WebhookApi.GitHubPath}",
                !string.IsNullOrEmpty(github.Value.Secret), WebhookApi.GitHubSignatureHeader),
        ]));
    }
}
