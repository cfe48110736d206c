using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.Ingestion.Webhooks;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Ingestion.Apis;

// POST /ingest/sentry   Sentry integration webhook (Sentry-Hook-Signature): 202 stored, duplicate or ignored
// POST /ingest/github   GitHub webhook (X-Hub-Signature-256): 200 ping; 202 stored, duplicate or ignored;
//                       pull_request: 202 queued (or duplicate) for Clusters, which moves the fix's cluster
//
// A webhook's signature is its key (the gateway lets these two through without an API key). Every
// answer that accepts a delivery is a 2xx, even for a duplicate: senders only tell 2xx from the
// rest, and a non-2xx makes them retry or disable the hook. Storing is the one Redis round trip
// of FeedbackStore.AddAsync, which also queues the item, so the answer comes well within Sentry's
// one second and GitHub's ten.
public static class WebhookApi
{
    public const string SentrySignatureHeader = "Sentry-Hook-Signature";
    public const string SentryResourceHeader = "Sentry-Hook-Resource";
    public const string GitHubSignatureHeader = "X-Hub-Signature-256";
    public const string GitHubEventHeader = "X-GitHub-Event";
    public const string GitHubDeliveryHeader = "X-GitHub-Delivery";
    public const string GitHubPingEvent = "ping";
    public const string SentryPath = "/ingest/sentry";
    public const string GitHubPath = "/ingest/github";

    private static readonly WebhookKind Sentry = new(
        FeedbackSource.Sentry, SentrySignatureHeader, SentryWebhookOptions.ClientSecretSetting, SentryWebhookOptions.AppHostParameter,
        WebhookSignature.IsValidSentry);

    private static readonly WebhookKind GitHub = new(
        FeedbackSource.Github, GitHubSignatureHeader, GitHubWebhookOptions.SecretSetting, GitHubWebhookOptions.AppHostParameter,
        WebhookSignature.IsValidGitHub);

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("").WithTags("Webhooks");
        webhooks.MapPost(SentryPath, IngestSentryAsync)
            .WithSummary("Sentry's integration webhook: issue created, event alert, error")
            .WithDescription("Verified by Sentry-Hook-Signature (HMAC-SHA256 hex of the raw body with the client secret); no API key. " +
                "Sentry-Hook-Timestamp (Unix seconds) must be within 5 minutes of the server's clock, else 401. " +
                "202 stored, duplicate or ignored; 503 while the secret is not configured.")
            .AsWebhook(SentrySignatureHeader, SentryResourceHeader, SentryTimestamp.Header);
        webhooks.MapPost(GitHubPath, IngestGitHubAsync)
            .WithSummary("GitHub's webhook: issues opened, edited, reopened; pull_request opened, reopened, closed; ping")
            .WithDescription("Verified by X-Hub-Signature-256 (sha256= and the HMAC-SHA256 hex of the raw body with the webhook secret); no API key. " +
                "200 for ping; 202 stored, duplicate or ignored for issues; 202 queued or duplicate (by X-GitHub-Delivery) for pull_request, " +
                "which moves the cluster of the job that opened the pull request: open fix_proposed, merged fixed, closed unmerged new; " +
                "503 while the secret is not configured.")
            .AsWebhook(GitHubSignatureHeader, GitHubEventHeader);
        return app;
    }

    /// <summary>
    /// What a webhook endpoint takes and refuses: the sender's raw JSON, checked by its signature, with
    /// the <paramref name="requiredHeaders"/> every delivery carries (bound as optional, so a missing one
    /// is answered in words: 401 for the signature, 400 for the rest).
    /// </summary>
    private static RouteHandlerBuilder AsWebhook(this RouteHandlerBuilder endpoint, params string[] requiredHeaders) => endpoint
        .Accepts<JsonElement>("application/json")
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var header in operation.Parameters?.OfType<Microsoft.OpenApi.OpenApiParameter>() ?? [])
            {
                if (header.In == Microsoft.OpenApi.ParameterLocation.Header && requiredHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
                {
                    header.Required = true;
                }
            }
            return Task.CompletedTask;
        });

    public static async Task<Results<Accepted<IngestResult>, Accepted<WebhookIgnored>, ValidationProblem, ProblemHttpResult>> IngestSentryAsync(
        HttpRequest request,
        [FromHeader(Name = SentrySignatureHeader), Description("The HMAC-SHA256 hex of the raw body with the integration's client secret.")]
        string? signature,
        [FromHeader(Name = SentryResourceHeader), Description("What the delivery is about. issue (created), event_alert (triggered) and error (created) are stored; " +
            "the rest is answered 202 and ignored.")]
        string? resource,
        [FromHeader(Name = SentryTimestamp.Header), Description("When Sentry sent it, in Unix seconds; more than 5 minutes from the server's clock is a 401.")]
        string? timestamp,
        IOptions<SentryWebhookOptions> options,
        FeedbackStore store,
        TimeProvider time,
        IngestLog log,
        CancellationToken cancellationToken)
    {
        var verified = await VerifiedDelivery.ReadAsync(request, Sentry, options.Value.ClientSecret, signature, log, cancellationToken);
        if (verified is not { Body: { } body })
        {
            return verified.Problem!;
        }
        if (SentryTimestamp.Refusal(timestamp, time.GetUtcNow()) is { } stale)
        {
            log.WebhookUnauthorized(FeedbackSource.Sentry, stale);
            return WebhookProblems.Unauthorized(stale, "Stale webhook delivery");
        }
        if (string.IsNullOrWhiteSpace(resource))
        {
            return WebhookProblems.BadRequest($"The {SentryResourceHeader} header is required.");
        }
        if (ParseObject(body) is not { } document)
        {
            return WebhookProblems.BadRequest("The request body is not a JSON object.");
        }

        using (document)
        {
            var errors = new FieldErrors();
            var mapping = SentryMapper.Map(resource, document.RootElement, time.GetUtcNow(), errors);
            return mapping switch
            {
                { Feedback: { } feedback } => await StoreAsync(feedback, store, log),
                { IgnoredReason: { } reason } => Ignore(FeedbackSource.Sentry, reason, log),
                _ => errors.ToProblem(),
            };
        }
    }

    public static async Task<Results<Accepted<IngestResult>, Accepted<WebhookIgnored>, Accepted<WebhookQueued>, Ok<GitHubPong>, ValidationProblem, ProblemHttpResult>> IngestGitHubAsync(
        HttpRequest request,
        [FromHeader(Name = GitHubSignatureHeader), Description("sha256= and the HMAC-SHA256 hex of the raw body with the webhook's secret.")]
        string? signature,
        [FromHeader(Name = GitHubEventHeader), Description("The event: issues and pull_request are handled, ping is answered; others are ignored.")]
        string? gitHubEvent,
        [FromHeader(Name = GitHubDeliveryHeader), Description("Required for issues and pull_request: the delivery's id. A delivery taken before (the same id) is answered as a duplicate.")]
        string? delivery,
        IOptions<GitHubWebhookOptions> options,
        FeedbackStore store,
        PullRequestStore pullRequests,
        TimeProvider time,
        IngestLog log,
        CancellationToken cancellationToken)
    {
        var verified = await VerifiedDelivery.ReadAsync(request, GitHub, options.Value.Secret, signature, log, cancellationToken);
        if (verified is not { Body: { } body })
        {
            return verified.Problem!;
        }
        if (string.IsNullOrWhiteSpace(gitHubEvent))
        {
            return WebhookProblems.BadRequest($"The {GitHubEventHeader} header is required.");
        }
        if (request.HasFormContentType)
        {
            return WebhookProblems.UnsupportedMediaType("Set the webhook's content type to application/json in GitHub.");
        }
        if (ParseObject(body) is not { } document)
        {
            return WebhookProblems.BadRequest("The request body is not a JSON object.");
        }

        using (document)
        {
            if (gitHubEvent == GitHubPingEvent)
            {
                return TypedResults.Ok(new GitHubPong(WebhookJson.Long(document.RootElement, "hook_id")));
            }
            var errors = new FieldErrors();
            if (gitHubEvent == GitHubPullRequestMapper.PullRequestEvent)
            {
                return await QueuePullRequestAsync(delivery ?? "", document.RootElement, pullRequests, errors, log);
            }
            var mapping = GitHubIssueMapper.Map(gitHubEvent, delivery ?? "", document.RootElement, time.GetUtcNow(), errors);
            return mapping switch
            {
                { Feedback: { } feedback } => await StoreAsync(mapping, feedback, store, log),
                { IgnoredReason: { } reason } => Ignore(FeedbackSource.Github, reason, log),
                _ => errors.ToProblem(),
            };
        }
    }

    // Not feedback: Clusters applies it to the job and cluster (Ingestion never writes them). A
    // delivery id queued before is a duplicate, so a redelivery is not applied twice.
    private static async Task<Results<Accepted<IngestResult>, Accepted<WebhookIgnored>, Accepted<WebhookQueued>, Ok<GitHubPong>, ValidationProblem, ProblemHttpResult>> QueuePullRequestAsync(
        string delivery, JsonElement payload, PullRequestStore pullRequests, FieldErrors errors, IngestLog log)
    {
        var entry = GitHubPullRequestMapper.Map(delivery, payload, Activity.Current?.Id, errors, out var ignoredReason);
        if (entry is null)
        {
            return ignoredReason is { } reason ? Ignore(FeedbackSource.Github, reason, log) : errors.ToProblem();
        }
        var queued = await pullRequests.EnqueueAsync(entry);
        log.PullRequestQueued(entry.Repository, entry.Number, entry.Action, delivery, !queued);
        return TypedResults.Accepted((string?)null, new WebhookQueued(GitHubPullRequestMapper.PullRequestEvent, Duplicate: !queued));
    }

    // A sender's report that may come again with new text: one item per external id, updated in place.
    private static async Task<Accepted<IngestResult>> StoreAsync(WebhookMapping mapping, NewFeedback feedback, FeedbackStore store, IngestLog log)
    {
        if (mapping.DeliveryId is not { } deliveryId)
        {
            return await StoreAsync(feedback, store, log);
        }
        var stored = await store.AddOrUpdateAsync(feedback, deliveryId, mapping.ReplacesText, mapping.SourceUpdatedAt, Activity.Current?.Id);
        if (stored.Created)
        {
            log.Stored(stored.Id, feedback.Source);
        }
        else if (stored.Updated)
        {
            log.Updated(stored.Id, feedback.Source, feedback.ExternalId);
        }
        else
        {
            log.Duplicate(feedback.Source, feedback.ExternalId, stored.Id);
        }
        var result = new IngestResult(stored.Id, Duplicate: !stored.Created && !stored.Updated, Updated: stored.Updated ? true : null,
            Deleted: stored.Deleted ? true : null);
        return Accepted(result);
    }

    private static async Task<Accepted<IngestResult>> StoreAsync(NewFeedback feedback, FeedbackStore store, IngestLog log) =>
        Accepted(await IngestApi.StoreAsync(feedback, store, log));

    // Where the report is, unless it was deleted: then there is none.
    private static Accepted<IngestResult> Accepted(IngestResult result) =>
        TypedResults.Accepted(result.Deleted is true ? null : FeedbackApi.Location(result.Id), result);

    private static Accepted<WebhookIgnored> Ignore(FeedbackSource source, string reason, IngestLog log)
    {
        log.WebhookIgnored(source, reason);
        return TypedResults.Accepted((string?)null, new WebhookIgnored(reason));
    }

    private static JsonDocument? ParseObject(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return null;
        }
        return document;
    }
}
