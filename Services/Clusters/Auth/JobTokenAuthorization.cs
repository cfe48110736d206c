using Microsoft.AspNetCore.Authentication;
using FeedbackFix.Contracts;
using FeedbackFix.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

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

    /// <summary>How the API description shows it.</summary>
    public static ApiCredential Credential { get; } = new(Policy, Scheme, new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = $"The job's own token, handed to its agent at launch or returned once by POST /jobs. `{ApiHeaders.JobToken}: <token>` works too.",
    });

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
