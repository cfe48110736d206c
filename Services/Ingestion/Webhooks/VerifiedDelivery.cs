using FeedbackFix.Ingestion.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>
/// The checks every webhook delivery passes before anything in it is read, in this order: a
/// secret is configured (else 503), the body is within the cap (else 413), the signature matches
/// the raw body (else 401). Either the verified body or the problem to answer with is set.
/// </summary>
public sealed record VerifiedDelivery(byte[]? Body, ProblemHttpResult? Problem)
{
    public static async Task<VerifiedDelivery> ReadAsync(
        HttpRequest request, WebhookKind kind, string? secret, string? signature, IngestLog log, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret))
        {
            log.WebhookNotConfigured(kind.Source, kind.SecretSetting);
            return new(null, WebhookProblems.NotConfigured(kind.SecretSetting, kind.AppHostParameter));
        }
        if (await RawBody.ReadAsync(request, ServiceCollectionExtensions.MaxRequestBodyBytes, cancellationToken) is not { } body)
        {
            return new(null, WebhookProblems.TooLarge(ServiceCollectionExtensions.MaxRequestBodyBytes));
        }
        if (!kind.IsValid(signature, secret, body))
        {
            var detail = string.IsNullOrEmpty(signature)
                ? $"The {kind.SignatureHeader} header is required."
                : $"The {kind.SignatureHeader} header does not match the request body.";
            log.WebhookUnauthorized(kind.Source, detail);
            return new(null, WebhookProblems.Unauthorized(detail));
        }
        return new(body, null);
    }
}
