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

    /// <summary>The holder a principal stands for, or null when it was not authenticated by an API key.</summary>
    public static ApiKeyHolder? HolderOf(ClaimsPrincipal user) =>
        user.FindFirst(Name)?.Value is { } name && Enum.TryParse<ApiKeyScope>(user.FindFirst(Scope)?.Value, out var scope)
            ? new ApiKeyHolder(name, scope)
            : null;
}
