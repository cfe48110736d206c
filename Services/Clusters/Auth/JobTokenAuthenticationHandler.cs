using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using FeedbackFix.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clusters.Auth;

/// <summary>
/// Authenticates an agent by the job token it presents (<c>Authorization: Bearer</c>, or
/// <c>X-Job-Token</c>). Which job the token opens is the policy's question
/// (<see cref="JobTokenAuthorizationHandler"/>): a token is only ever checked against the job in
/// the path, since the store keeps tokens as hashes per job.
/// </summary>
internal sealed class JobTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string TokenClaim = "feedbackfix:job_token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request.Headers) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(TokenClaim, token)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Job token required",
            $"Send the job's token as 'Authorization: Bearer <token>' or '{ApiHeaders.JobToken}'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Wrong job token", "The token is not this job's token.");

    private static string? Presented(IHeaderDictionary headers)
    {
        if (AuthenticationHeaderValue.TryParse(headers.Authorization.ToString(), out var authorization) &&
            string.Equals(authorization.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) &&
            !string.IsNullOrWhiteSpace(authorization.Parameter))
        {
            return authorization.Parameter.Trim();
        }

        var header = headers[ApiHeaders.JobToken].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
