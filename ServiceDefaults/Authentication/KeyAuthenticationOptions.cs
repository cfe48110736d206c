using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace FeedbackFix.ServiceDefaults.Authentication;

/// <summary>A scheme that authenticates a request by a shared key in one header.</summary>
public sealed class KeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The header that carries the key, e.g. X-Api-Key.</summary>
    public string HeaderName { get; set; } = "";

    /// <summary>The key a request must present; a scheme without one authenticates nobody.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Several keys, each with its holder: the claims of whoever holds the presented key, or null for
    /// a key nobody holds. When set it replaces <see cref="Key"/> and <see cref="CallerName"/>; it must
    /// compare in constant time and must not put the key itself in a claim.
    /// </summary>
    public Func<HttpContext, string, IReadOnlyList<Claim>?>? FindHolder { get; set; }

    /// <summary>The name the authenticated caller gets (who, in logs and traces).</summary>
    public string CallerName { get; set; } = "key-holder";

    /// <summary>
    /// The answer to a key that is present but wrong: 401 when the key is the caller's identity,
    /// 403 when it is a permission on top of one (an admin key behind the API key).
    /// </summary>
    public int WrongKeyStatus { get; set; } = StatusCodes.Status401Unauthorized;

    /// <summary>The problem's detail when no key was sent.</summary>
    public string MissingKeyDetail { get; set; } = "";

    /// <summary>The problem's detail when the key sent is not the right one.</summary>
    public string WrongKeyDetail { get; set; } = "";
}
