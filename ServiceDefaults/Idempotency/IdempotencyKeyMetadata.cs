namespace FeedbackFix.ServiceDefaults.Idempotency;

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c>, for the body buffering and the API description.</summary>
public sealed record IdempotencyKeyMetadata(string Scope);
