using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// Stands in for the cookie an OpenID Connect sign-in leaves: the request names the signed-in person's
/// claims in <see cref="Header"/> (<c>email=ada@example.com; email_verified=true</c>), as the provider
/// would have sent them; without the header nobody is signed in.
/// </summary>
internal sealed class HeaderSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestSignIn";

    public const string Header = "X-Test-Claims";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = value.ToString().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => new Claim(pair[0], pair[1]));
        var person = new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc", "name", "roles"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(person, SchemeName)));
    }

    /// <summary>The header value for <paramref name="claims"/>.</summary>
    public static string Claims(params (string Type, string Value)[] claims) =>
        string.Join("; ", claims.Select(claim => $"{claim.Type}={claim.Value}"));
}
