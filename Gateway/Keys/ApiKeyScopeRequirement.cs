using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Gateway.Keys;

/// <summary>
/// The scope a request needs: <see cref="Fixed"/> on admin routes, else Read for GET and HEAD and
/// ReadWrite for every other method. Fails with a reason that names the key and both scopes.
/// </summary>
public sealed class ApiKeyScopeRequirement(ApiKeyScope? @fixed = null)
    : AuthorizationHandler<ApiKeyScopeRequirement>, IAuthorizationRequirement
{
    public ApiKeyScope? Fixed { get; } = @fixed;

    public ApiKeyScope RequiredFor(string method) =>
        Fixed ?? (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ApiKeyScope.Read : ApiKeyScope.ReadWrite);

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyScopeRequirement requirement)
    {
        if (context.Resource is not HttpContext http || HolderOf(context, http) is not { } holder)
        {
            return Task.CompletedTask;
        }
        var required = requirement.RequiredFor(http.Request.Method);
        if (holder.Scope >= required)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"The API key '{holder.Name}' has scope {holder.Scope}; {http.Request.Method} {http.Request.Path} needs {required}."));
        }
        return Task.CompletedTask;
    }

    // The request's holder, read once per request, when the policy judges the request's own principal.
    private static ApiKeyHolder? HolderOf(AuthorizationHandlerContext context, HttpContext http) =>
        ReferenceEquals(context.User, http.User) ? ApiKeyClaims.HolderOf(http) : ApiKeyClaims.HolderOf(context.User);
}
