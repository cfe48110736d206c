namespace FeedbackFix.Contracts.Feedback;

/// <summary>The 202 for a delivery that is authentic but not feedback (another resource, event or action).</summary>
public sealed record WebhookIgnored(string Reason)
{
    public bool Ignored => true;
}
