namespace FeedbackFix.Contracts.Feedback;

/// <summary>
/// The 202 for a delivery that is not feedback but work for another service (a GitHub
/// <c>pull_request</c> event): queued, or a duplicate of a delivery queued before.
/// </summary>
public sealed record WebhookQueued(string Event, bool Duplicate)
{
    public bool Queued => !Duplicate;
}
