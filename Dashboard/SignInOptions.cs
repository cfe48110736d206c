namespace FeedbackFix.Dashboard;

/// <summary>
/// OpenID Connect sign-in, section "Dashboard:SignIn": required outside Development (the AppHost
/// parameters dashboard-oidc-authority, dashboard-oidc-client-id, dashboard-oidc-client-secret).
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Dashboard:SignIn";

    /// <summary>The identity provider, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

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
