namespace FeedbackFix.Gateway.Keys;

/// <summary>Who sent a request: the name of the key it presented and that key's scope (never the key).</summary>
public sealed record ApiKeyHolder(string Name, ApiKeyScope Scope);
