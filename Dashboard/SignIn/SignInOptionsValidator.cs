using Microsoft.Extensions.Options;

namespace FeedbackFix.Dashboard.SignIn;

/// <summary>
/// Outside Development the dashboard does not start without complete sign-in settings and a rule of who
/// may use it (or an explicit <see cref="SignInOptions.AllowAnyone"/>): every error names its setting.
/// </summary>
internal sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        var failures = new List<string>();
        if (options.Missing() is { Count: > 0 } missing)
        {
            failures.Add($"The dashboard requires OpenID Connect sign-in outside Development; set {string.Join(", ", missing)}.");
        }
        if (!options.HasRule && !options.AllowAnyone)
        {
            failures.Add(
                "The dashboard does not know who may use it, and every signed-in person acts with its ReadWrite API key: " +
                "set Dashboard:SignIn:AllowedEmailDomains (e.g. example.com), Dashboard:SignIn:AllowedEmails, or " +
                "Dashboard:SignIn:RequiredRole (looked for in the claim Dashboard:SignIn:RoleClaim, 'roles' unless set); " +
                "or set Dashboard:SignIn:AllowAnyone to true when the provider signs in only people who may use it " +
                "(a tenant that requires app assignment). Lists take one entry per index: " +
                "Dashboard__SignIn__AllowedEmailDomains__0=example.com.");
        }
        if (options.HasRule && options.AllowAnyone)
        {
            failures.Add(
                "Dashboard:SignIn:AllowAnyone is true while Dashboard:SignIn:AllowedEmailDomains, AllowedEmails or RequiredRole " +
                "is set: say one or the other.");
        }
        foreach (var domain in options.AllowedEmailDomains)
        {
            if (domain.Contains('@', StringComparison.Ordinal) || Uri.CheckHostName(domain) != UriHostNameType.Dns)
            {
                failures.Add($"Dashboard:SignIn:AllowedEmailDomains has '{domain}': give a domain alone, such as example.com.");
            }
        }
        foreach (var email in options.AllowedEmails)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != email.LastIndexOf('@') || Uri.CheckHostName(email[(at + 1)..]) != UriHostNameType.Dns
                || email.Any(char.IsWhiteSpace))
            {
                failures.Add($"Dashboard:SignIn:AllowedEmails has '{email}': give an e-mail address, such as ada@example.com.");
            }
        }
        if (options.HasRoleRule && string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            failures.Add("Dashboard:SignIn:RoleClaim is empty: name the claim Dashboard:SignIn:RequiredRole is looked for in ('roles', 'groups').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
