using Microsoft.AspNetCore.Http;

namespace FeedbackFix.ServiceDefaults.Idempotency;

/// <summary>How the Idempotency-Key filter tells keyed requests of different API clients apart.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>
    /// The request header that names the API client (the gateway sets it on every forward, dropping a
    /// client's own value). Keys are kept per route and per client, so one client's key never answers
    /// another client's request; null keeps them per route only.
    /// </summary>
    public string? ClientHeader { get; set; }

    /// <summary>
    /// The scope a request's key is kept in: the route's, or the route's and the client's
    /// (<c>start_fix@dashboard</c>). An '@' never appears in a route's scope, nor ':' in a client's
    /// name (a configuration section), so no two scopes and keys make the same stored key.
    /// </summary>
    internal string ScopeOf(string route, HttpRequest request) =>
        ClientHeader is { } header && request.Headers[header].ToString() is { Length: > 0 } client
            ? $"{route}@{client}"
            : route;
}
