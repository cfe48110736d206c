using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Contracts.Sources;

/// <summary>
/// One webhook as a sender is set up for it: the address to give it (as the gateway exposes it),
/// whether its secret is configured (never the secret) and the header its signature comes in.
/// </summary>
public sealed record WebhookEndpoint(FeedbackSource Source, string Url, bool SecretConfigured, string SignatureHeader);
