using FeedbackFix.Contracts;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Clusters.Auth;

/// <summary>
/// Allows a request whose job token opens the job in its path. A path id that is not an id at
/// all is let through to binding, which answers 400 naming it: no token can be judged against it,
/// and a malformed request should hear what is malformed.
/// </summary>
internal sealed class JobTokenAuthorizationHandler(JobStore jobs) : AuthorizationHandler<JobTokenRequirement, HttpContext>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, JobTokenRequirement requirement, HttpContext resource)
    {
        var id = resource.GetRouteValue("id") as string;
        if (!RecordId.IsValid(id))
        {
            context.Succeed(requirement);
            return;
        }

        var token = context.User.FindFirst(JobTokenAuthenticationHandler.TokenClaim)?.Value;
        if (token is not null && await jobs.VerifyTokenAsync(id, token))
        {
            context.Succeed(requirement);
        }
    }
}
