using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Clusters.Auth;

/// <summary>
/// The job token as ASP.NET authentication: the scheme that reads it and the policy that holds it
/// against the job in the path. No token: 401 with <c>WWW-Authenticate: Bearer</c>; another job's
/// token (or none that opens this job): 403. Checked before the body is read, so nobody without
/// the token learns whether a job exists or what a valid report looks like.
/// </summary>
public static class JobTokenAuthorization
{
    public const string Scheme = "JobToken";
    public const string Policy = "job-token";

    public static IServiceCollection AddJobTokenAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, JobTokenAuthenticationHandler>(Scheme, null);
        services.AddSingleton<IAuthorizationHandler, JobTokenAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).AddRequirements(new JobTokenRequirement()));
        return services;
    }
}
