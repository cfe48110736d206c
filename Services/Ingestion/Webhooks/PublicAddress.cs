using Microsoft.Extensions.Primitives;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>
/// Where senders reach this service's endpoints: the configured public base URL, else the scheme,
/// host and path prefix the gateway forwards, else the request's own.
/// </summary>
/// <remarks>
/// The forwarded headers are read here, for this one answer, rather than by the ForwardedHeaders
/// middleware: that middleware would rewrite every request's scheme and host, and would have to
/// trust the gateway's address, which service discovery gives and which differs in every
/// environment. Here nothing depends on them but the text of the addresses shown to the caller, who
/// passed the gateway's API key; the gateway sets the headers itself (YARP replaces what a client
/// sends), so they cannot be chosen from outside. Each value is checked before it is used.
/// </remarks>
public static class PublicAddress
{
    public const string ForwardedProto = "X-Forwarded-Proto";
    public const string ForwardedHost = "X-Forwarded-Host";
    public const string ForwardedPrefix = "X-Forwarded-Prefix";

    /// <summary>The base to put a path such as <c>/ingest/sentry</c> after, without a trailing '/'.</summary>
    public static string BaseOf(HttpRequest request, string? publicBaseUrl)
    {
        if (!string.IsNullOrEmpty(publicBaseUrl))
        {
            return publicBaseUrl.TrimEnd('/');
        }

        var scheme = First(request.Headers[ForwardedProto]) is { } proto && proto.ToLowerInvariant() is "http" or "https" ? proto.ToLowerInvariant() : request.Scheme;
        var host = First(request.Headers[ForwardedHost]) is { } forwarded && IsHost(forwarded) ? new HostString(forwarded) : request.Host;
        var prefix = First(request.Headers[ForwardedPrefix]) is { } given && IsPrefix(given) ? new PathString(given.TrimEnd('/')) : request.PathBase;
        return $"{scheme}://{host.ToUriComponent()}{prefix.ToUriComponent()}";
    }

    // A proxy chain lists one value per hop, the client's nearest first.
    private static string? First(StringValues values) =>
        values.Count == 0 || string.IsNullOrWhiteSpace(values[0]) ? null : values[0]!.Split(',')[0].Trim();

    private static bool IsHost(string value) =>
        Uri.TryCreate($"http://{value}/", UriKind.Absolute, out var uri) && uri.Authority.Equals(value, StringComparison.OrdinalIgnoreCase)
        && uri.UserInfo.Length == 0;

    private static bool IsPrefix(string value) =>
        value.StartsWith('/') && Uri.TryCreate(value, UriKind.Relative, out _) && !value.Contains("//", StringComparison.Ordinal)
        && !value.Contains('?', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal);
}
