using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Gateway.Keys;

/// <summary>
/// A known key without the scope a request needs: 403 problem details saying which scope, logged
/// with the key's name. Everything else is the framework's answer (401 from the key scheme).
/// </summary>
internal sealed class ScopeRefusal(IProblemDetailsService problemDetails, ILogger<ScopeRefusal> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault(r => r.Handler is ApiKeyScopeRequirement);
        if (!authorizeResult.Forbidden || reason is null || ApiKeyClaims.HolderOf(context.User) is not { } holder)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        ApiKeyLog.ScopeRefused(logger, holder.Name, holder.Scope, context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = reason.Message,
            },
        });
    }
}
