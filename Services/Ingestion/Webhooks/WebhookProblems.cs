using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>The problem answers both webhooks share, worded once.</summary>
public static class WebhookProblems
{
    /// <summary>503: without a secret nothing can be verified, so nothing is accepted.</summary>
    public static ProblemHttpResult NotConfigured(string setting, string appHostParameter) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Webhook not configured",
            detail: $"{setting} is not set: give the AppHost parameter '{appHostParameter}' a value.");

    public static ProblemHttpResult Unauthorized(string detail, string title = "Invalid webhook signature") =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, detail: detail);

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload too large",
            detail: $"The request body is larger than this endpoint accepts ({maxBytes / 1024} KiB).");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);
}
