using System.Security.Claims;

namespace FeedbackFix.Dashboard.SignIn;

/// <summary>
/// Who may use the dashboard (<see cref="SignInOptions"/>): every rule that is set must hold. The e-mail
/// rule takes the address from the <c>email</c> claim only when the provider did not say it is unverified
/// (<c>email_verified</c>, when sent, must be true): an unverified address is one anyone can type.
/// </summary>
internal static class AllowedPeople
{
    public const string EmailClaim = "email";

    public const string EmailVerifiedClaim = "email_verified";

    private static readonly string[] NameClaims = [EmailClaim, "preferred_username", "name", "sub"];

    public static Admission Check(ClaimsPrincipal user, SignInOptions rules)
    {
        if (user.Identity is not { IsAuthenticated: true })
        {
            return Admission.Refuse(null, "You are not signed in.");
        }
        var person = NameOf(user);
        if (rules.AllowAnyone && !rules.HasRule)
        {
            return Admission.Admit(person);
        }
        if (!rules.HasRule)
        {
            // Refused at start outside Development; a rule missing here still lets nobody in.
            return Admission.Refuse(person, "The dashboard allows nobody yet.");
        }
        if (rules.HasEmailRule)
        {
            var (email, problem) = VerifiedEmail(user);
            if (email is null)
            {
                return Admission.Refuse(person, problem!);
            }
            var domain = email[(email.LastIndexOf('@') + 1)..];
            if (!rules.AllowedEmails.Contains(email, StringComparer.OrdinalIgnoreCase)
                && !rules.AllowedEmailDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                return Admission.Refuse(person, $"Neither the address {email} nor its domain {domain} is allowed to use this dashboard.");
            }
        }
        if (rules.HasRoleRule && !user.Claims.Any(claim => claim.Type == rules.RoleClaim && claim.Value == rules.RequiredRole))
        {
            return Admission.Refuse(person, $"Your account does not have the role this dashboard requires ('{rules.RequiredRole}' in the claim '{rules.RoleClaim}').");
        }
        return Admission.Admit(person);
    }

    /// <summary>The one address of the <c>email</c> claim, unless the provider says it is not verified; else why not.</summary>
    private static (string? Email, string? Problem) VerifiedEmail(ClaimsPrincipal user)
    {
        var addresses = user.FindAll(EmailClaim).Select(claim => claim.Value.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count == 0 || addresses.Any(address => address.Length == 0))
        {
            return (null, "Your identity provider did not send an e-mail address for this account, and this dashboard allows people by their address.");
        }
        if (addresses.Count > 1)
        {
            return (null, "Your identity provider sent more than one e-mail address for this account, so none of them is taken.");
        }
        var email = addresses[0];
        if (email.IndexOf('@') is var at && (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1))
        {
            return (null, $"Your identity provider sent '{email}' as your e-mail address, which is not one.");
        }
        // A provider that sends the claim says per address whether it checked it; one that never sends it
        // (docs/deploy.md names which) is trusted to send only addresses it checked.
        if (user.FindAll(EmailVerifiedClaim).Any(claim => !bool.TryParse(claim.Value, out var verified) || !verified))
        {
            return (null, $"Your identity provider says the address {email} is not verified.");
        }
        return (email, null);
    }

    private static string? NameOf(ClaimsPrincipal user) =>
        NameClaims.Select(type => user.FindFirst(type)?.Value)
            .Append(user.Identity?.Name)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
