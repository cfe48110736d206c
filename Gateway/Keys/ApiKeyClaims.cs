using System.Security.Claims;

namespace FeedbackFix.Gateway.Keys;

/// <summary>The claims an API key's holder gets, and the tag traces carry its name under.</summary>
public static class ApiKeyClaims
{
    public const string Name = "feedbackfix:api_key_name";
    public const string Scope = "feedbackfix:api_key_scope";
    public const string ActivityTag = "feedbackfix.api_key.name";
    public const string LogScope = "ApiKeyName";

    public static IReadOnlyList<Claim> For(ApiKeyHolder holder) =>
    [
        new(ClaimTypes.Name, holder.Name),
        new(Name, holder.Name),
        new(Scope, holder.Scope.ToString()),
    ];

    private static readonly object CacheKey = new();

    /// <summary>
    /// The holder the request's principal stands for, read from its claims once per request: the
    /// authorization handler, the log scope and the proxy's transforms all ask. Read again only if
    /// the principal was replaced since.
    /// </summary>
    public static ApiKeyHolder? HolderOf(HttpContext context)
    {
        var user = context.User;
        if (context.Items.TryGetValue(CacheKey, out var cached) && cached is ReadHolder read && ReferenceEquals(read.User, user))
        {
            return read.Holder;
        }
        var holder = HolderOf(user);
        context.Items[CacheKey] = new ReadHolder(user, holder);
        return holder;
    }

    /// <summary>The holder a principal stands for, or null when it was not authenticated by an API key.</summary>
    public static ApiKeyHolder? HolderOf(ClaimsPrincipal user) =>
        user.FindFirst(Name)?.Value is { } name && Enum.TryParse<ApiKeyScope>(user.FindFirst(Scope)?.Value, out var scope)
            ? new ApiKeyHolder(name, scope)
            : null;

    private sealed record ReadHolder(ClaimsPrincipal User, ApiKeyHolder? Holder);
}
