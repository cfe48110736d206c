using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackFix.ServiceDefaults.Authentication;

/// <summary>
/// Authenticates a request by the key in <see cref="KeyAuthenticationOptions.HeaderName"/>,
/// compared in constant time; refuses with a problem-details answer that says what to send.
/// </summary>
public sealed class KeyAuthenticationHandler(
    IOptionsMonitor<KeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<KeyAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Options.HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = Options.FindHolder is { } findHolder
            ? findHolder(Context, presented)
            : Matches(Options.Key, presented) ? [new Claim(ClaimTypes.Name, Options.CallerName)] : null;
        if (claims is null)
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {Options.HeaderName} header does not hold the right key."));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var missing = Request.Headers[Options.HeaderName].ToString().Length == 0;
        var status = missing ? StatusCodes.Status401Unauthorized : Options.WrongKeyStatus;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = Scheme.Name;
        }
        return WriteProblemAsync(status, missing ? Options.MissingKeyDetail : Options.WrongKeyDetail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, Options.WrongKeyDetail);

    /// <summary>Whether the presented key is the expected one, compared in constant time.</summary>
    public static bool Matches(string? expected, string? presented) =>
        !string.IsNullOrEmpty(expected) && !string.IsNullOrEmpty(presented) &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private async Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                Detail = detail,
            },
        });
    }
}
