using System.Text.Json.Nodes;
using FeedbackFix.Contracts;
using FeedbackFix.Gateway.Extensions;
using FeedbackFix.Gateway.Keys;

namespace FeedbackFix.Gateway.OpenApi;

/// <summary>
/// An operation's "security" as a client meets it through the gateway. A list of requirement
/// objects is a choice (any one will do); the schemes inside one object are all needed. The
/// gateway's key is checked before the service sees the request, so where the route needs it,
/// it joins every alternative the service offers: the admin key on POST /clustering/run becomes
/// one object naming both AdminKey and ApiKey, not two alternatives. On an admin route an
/// Admin-scope key alone is a further alternative (the gateway sends the admin key for it), named
/// with the scope "Admin".
/// </summary>
internal static class SecurityRequirements
{
    /// <summary>The gateway's own scheme, declared in every merged document.</summary>
    public static JsonObject ApiKeyScheme() => new()
    {
        ["type"] = "apiKey",
        ["in"] = "header",
        ["name"] = ApiHeaders.ApiKey,
        ["description"] = "The API key, checked by the gateway on every route that is not anonymous. A key's scope is Read (GET), ReadWrite (every method) or Admin (the admin routes too); a requirement that names the scope Admin needs an Admin-scope key.",
    };

    /// <summary>Null: the operation needs no credential.</summary>
    public static JsonArray? Combine(JsonArray? service, RouteAccess access)
    {
        if (access == RouteAccess.Anonymous)
        {
            return service is { Count: > 0 } ? service : null;
        }
        if (service is not { Count: > 0 })
        {
            return [new JsonObject { [GatewayServiceExtensions.ApiKeyScheme] = new JsonArray() }];
        }

        var combined = new JsonArray();
        if (access == RouteAccess.Admin)
        {
            combined.Add(new JsonObject { [GatewayServiceExtensions.ApiKeyScheme] = new JsonArray(nameof(ApiKeyScope.Admin)) });
        }
        foreach (var alternative in service)
        {
            // An empty object is the service's "or nothing"; through the gateway that is the key alone.
            var requirement = alternative is JsonObject schemes ? (JsonObject)schemes.DeepClone() : [];
            requirement[GatewayServiceExtensions.ApiKeyScheme] ??= new JsonArray();
            if (!combined.Any(existing => JsonNode.DeepEquals(existing, requirement)))
            {
                combined.Add(requirement);
            }
        }
        return combined;
    }

    /// <summary>The security schemes a requirement list names.</summary>
    public static IEnumerable<string> SchemesIn(JsonArray? requirements) =>
        requirements?.OfType<JsonObject>().SelectMany(requirement => requirement.Select(scheme => scheme.Key)) ?? [];

    /// <summary>The same requirements with each scheme under its merged name.</summary>
    public static JsonArray Rename(JsonArray requirements, Func<string, string> nameOf)
    {
        var renamed = new JsonArray();
        foreach (var requirement in requirements)
        {
            if (requirement is not JsonObject schemes)
            {
                continue;
            }
            var copy = new JsonObject();
            foreach (var (scheme, scopes) in schemes)
            {
                copy[nameOf(scheme)] = scopes?.DeepClone() ?? new JsonArray();
            }
            renamed.Add(copy);
        }
        return renamed;
    }
}
