using FeedbackFix.Domain.Model;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// What a webhook delivery comes to: feedback to store, a reason to ignore it, or neither when
/// the payload was unusable (the <c>FieldErrors</c> passed to the mapper say why).
/// </summary>
public sealed record WebhookMapping(NewFeedback? Feedback, string? IgnoredReason)
{
    public static WebhookMapping Invalid { get; } = new(null, null);

    public static WebhookMapping Store(NewFeedback feedback) => new(feedback, null);

    public static WebhookMapping Ignore(string reason) => new(null, reason);
}
