using FeedbackFix.Domain.Model;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>
/// What a webhook delivery comes to: feedback to store, a reason to ignore it, or neither when
/// the payload was unusable (the <c>FieldErrors</c> passed to the mapper say why).
/// </summary>
public sealed record WebhookMapping(NewFeedback? Feedback, string? IgnoredReason)
{
    public static WebhookMapping Invalid { get; } = new(null, null);

    /// <summary>The sender's id of this delivery, kept beside the external id so a redelivery is a duplicate; null when the external id is the delivery's own.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>Whether a stored item of the same external id takes this delivery's text (an edit), rather than staying as it is.</summary>
    public bool ReplacesText { get; init; }

    /// <summary>When the sender last changed the report (GitHub's <c>updated_at</c>): an edit older than the stored text is not taken.</summary>
    public DateTimeOffset? SourceUpdatedAt { get; init; }

    /// <summary>Feedback to store; a delivery is kept, not refused, for characters no report may hold: they are taken out.</summary>
    public static WebhookMapping Store(NewFeedback feedback) => new(feedback.WithoutForbiddenCharacters(), null);

    public static WebhookMapping Ignore(string reason) => new(null, reason);
}
