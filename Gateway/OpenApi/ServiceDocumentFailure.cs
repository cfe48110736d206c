namespace FeedbackFix.Gateway.OpenApi;

/// <summary>A service whose document could not be used, and why (no secrets: document fetches carry none).</summary>
internal sealed record ServiceDocumentFailure(string Service, string Reason);
