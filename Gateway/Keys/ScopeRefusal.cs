using FeedbackFix.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Gateway.Keys;

/// <summary>
/// A known key without the scope a request needs: 403 problem details saying which scope, logged
/// with the key's name; on an admin route without any X-Admin-Key, 401 as before named keys (a
/// missing admin key was 401, a wrong one 403). Everything else is the framework's answer.
/// </summary>
internal sealed class ScopeRefusal(IProblemDetailsService problemDetails, ILogger<ScopeRefusal> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault(r => r.Handler is ApiKeyScopeRequirement);
        if (!authorizeResult.Forbidden || reason is null || ApiKeyClaims.HolderOf(context) is not { } holder)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        ApiKeyLog.ScopeRefused(logger, holder.Name, holder.Scope, context.Request.Method, context.Request.Path);
        var adminKeyMissing = reason.Handler is ApiKeyScopeRequirement { Fixed: ApiKeyScope.Admin } &&
            !context.Request.Headers.ContainsKey(ApiHeaders.AdminKey);
        var status = adminKeyMissing ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        context.Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = adminKeyMissing ? "Unauthorized" : "Forbidden",
                Detail = adminKeyMissing
                    ? $"{reason.Message} Send an Admin-scope API key, or the admin key in the {ApiHeaders.AdminKey} header."
                    : reason.Message,
            },
        });
    }
}
