namespace FeedbackFix.Domain.Idempotency;

/// <summary>The answer a request with an idempotency key got: what a repeat of it answers.</summary>
public sealed record StoredAnswer(int Status, string? ContentType, string? Location, byte[] Body);
