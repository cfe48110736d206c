namespace FeedbackFix.Gateway.OpenApi;

/// <summary>A service's document could not be had or used; the reason is written for the 503 a client reads.</summary>
internal sealed class ServiceDocumentException(string reason, Exception? inner = null) : Exception(reason, inner);
