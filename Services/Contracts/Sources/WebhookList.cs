namespace FeedbackFix.Contracts.Sources;

/// <summary>The answer of <c>GET /config/webhooks</c>: every webhook Ingestion takes.</summary>
public sealed record WebhookList(IReadOnlyList<WebhookEndpoint> Webhooks);
