using Microsoft.OpenApi;

namespace FeedbackFix.ServiceDefaults.OpenApi;

/// <summary>
/// A credential a service checks itself, for its API description: endpoints that require
/// <paramref name="Policy"/> are described as needing the security scheme <paramref name="Scheme"/>.
/// </summary>
public sealed record ApiCredential(string Policy, string Scheme, OpenApiSecurityScheme Definition);
