namespace FeedbackFix.Dashboard;

/// <summary>
/// OpenID Connect sign-in and who may use the dashboard, section "Dashboard:SignIn": required outside
/// Development (the AppHost parameters dashboard-oidc-authority, dashboard-oidc-client-id,
/// dashboard-oidc-client-secret), checked at start by <see cref="SignIn.SignInOptionsValidator"/>.
/// Every signed-in person acts with the dashboard's ReadWrite key, so signing in is not enough: the
/// person must also pass the rules below (<see cref="SignIn.AllowedPeople"/>), or
/// <see cref="AllowAnyone"/> must say, explicitly, that anyone the provider signs in may.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Dashboard:SignIn";

    /// <summary>The identity provider, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Domains whose addresses may use the dashboard (<c>example.com</c>: exactly that domain, not its subdomains), read from the verified <c>email</c> claim.</summary>
    public string[] AllowedEmailDomains { get; set; } = [];

    /// <summary>Single addresses that may use the dashboard, from the verified <c>email</c> claim; with <see cref="AllowedEmailDomains"/>, one of the two lists must name the person.</summary>
    public string[] AllowedEmails { get; set; } = [];

    /// <summary>A value the <see cref="RoleClaim"/> claim must carry (an app role, a group id), besides the e-mail rule when there is one.</summary>
    public string? RequiredRole { get; set; }

    /// <summary>The claim <see cref="RequiredRole"/> is looked for in: <c>roles</c> (Microsoft Entra ID's app roles), or <c>groups</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Anyone the provider signs in may use the dashboard; only for a provider that signs in nobody else (a tenant that requires app assignment).</summary>
    public bool AllowAnyone { get; set; }

    /// <summary>Whether a rule names who may use the dashboard.</summary>
    public bool HasRule => HasEmailRule || HasRoleRule;

    /// <summary>Whether the e-mail rule applies (an address or a domain is listed).</summary>
    public bool HasEmailRule => AllowedEmailDomains.Length > 0 || AllowedEmails.Length > 0;

    /// <summary>Whether the role rule applies (<see cref="RequiredRole"/> is given).</summary>
    public bool HasRoleRule => !string.IsNullOrWhiteSpace(RequiredRole);

    /// <summary>What is missing for sign-in, each by its setting and AppHost parameter; empty when complete.</summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            missing.Add("Dashboard:SignIn:Authority (an https URL; AppHost parameter 'dashboard-oidc-authority')");
        }
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            missing.Add("Dashboard:SignIn:ClientId (AppHost parameter 'dashboard-oidc-client-id')");
        }
        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            missing.Add("Dashboard:SignIn:ClientSecret (AppHost parameter 'dashboard-oidc-client-secret')");
        }
        return missing;
    }
}
