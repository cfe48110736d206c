using FeedbackFix.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The <c>Idempotency-Key</c> request header: a retried request answers what the first one did.</summary>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set on an answer that is a repeat of a key's first answer.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public const int MaxLength = 255;

    /// <summary>
    /// Honours <c>Idempotency-Key</c> on this endpoint: a repeat with the same key and request answers the
    /// first answer again; another request under the key is 422; a repeat while the first runs is 409.
    /// Keys are kept per <paramref name="scope"/> (a name for the route, without '@') and per API client
    /// (<see cref="IdempotencyOptions.ClientHeader"/>). Needs an <see cref="IIdempotencyStore"/>.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder, string scope)
    {
        // '@' joins the client's name to it and ':' the key (IdempotencyOptions.ScopeOf): neither may be in it.
        if (scope.Length == 0 || scope.IndexOfAny(['@', ':']) >= 0)
        {
            throw new ArgumentException($"An idempotency scope names a route without '@' or ':'; '{scope}' does not.", nameof(scope));
        }
        return builder
            .WithMetadata(new IdempotencyKeyMetadata(scope))
            .AddEndpointFilter(new IdempotencyFilter(scope));
    }

    /// <summary>1-255 visible ASCII characters (0x21-0x7E).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>
    /// Keeps the body of a request with a key to an endpoint that honours it readable after binding
    /// read it, so the filter can hash the exact bytes.
    /// </summary>
    internal static Task BufferKeyedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.ContainsKey(HeaderName) &&
            context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not null)
        {
            context.Request.EnableBuffering();
        }
        return next(context);
    }
}
