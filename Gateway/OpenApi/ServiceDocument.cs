using System.Text.Json.Nodes;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>A proxied service's own OpenAPI 3.1 document, as fetched.</summary>
internal sealed record ServiceDocument(ProxiedService Service, JsonObject Document);
