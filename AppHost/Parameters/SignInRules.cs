namespace FeedbackFix.AppHost.Parameters;

internal static class SignInRules
{
    /// <summary>
    /// Hands the dashboard who may use it once its identity provider has signed them in (section
    /// <c>Dashboard:SignIn</c>), each rule only when given: the comma-separated parameters
    /// <c>dashboard-allowed-email-domains</c> and <c>dashboard-allowed-emails</c> become one setting per
    /// entry, and <c>dashboard-required-role</c>, <c>dashboard-role-claim</c> and
    /// <c>dashboard-allow-anyone</c> pass as they are. Development needs none; a dashboard outside
    /// Development with a sign-in provider refuses to start without one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSignInRules(this IResourceBuilder<ProjectResource> dashboard)
    {
        var configuration = dashboard.ApplicationBuilder.Configuration;
        WithList(dashboard, configuration["Parameters:dashboard-allowed-email-domains"], "Dashboard__SignIn__AllowedEmailDomains");
        WithList(dashboard, configuration["Parameters:dashboard-allowed-emails"], "Dashboard__SignIn__AllowedEmails");
        return dashboard
            .WithOptionalParameter("dashboard-required-role", "Dashboard__SignIn__RequiredRole")
            .WithOptionalParameter("dashboard-role-claim", "Dashboard__SignIn__RoleClaim")
            .WithOptionalParameter("dashboard-allow-anyone", "Dashboard__SignIn__AllowAnyone");
    }

    // Lists are not secrets: each entry is handed over as its own value, the way configuration binds an array.
    private static void WithList(IResourceBuilder<ProjectResource> resource, string? list, string variable)
    {
        foreach (var (index, entry) in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Index())
        {
            resource.WithEnvironment($"{variable}__{index}", entry);
        }
    }
}
