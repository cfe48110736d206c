using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace FeedbackFix.Dashboard.Api;

/// <summary>
/// Who the dashboard acts for, as the API's <c>X-FeedbackFix-On-Behalf-Of</c> names them: the signed-in
/// person's e-mail, else their user name, else their name; none without sign-in (Development), where the
/// dashboard's own key is who acted. A header carries only printable ASCII, so a value outside it is
/// passed over for the next one.
/// </summary>
internal static class SignedInPerson
{
    private static readonly string[] ClaimsInOrder = ["email", ClaimTypes.Email, "preferred_username"];

    public static async Task<string?> NameAsync(AuthenticationStateProvider? signIn)
    {
        if (signIn is null)
        {
            return null;
        }
        ClaimsPrincipal user;
        try
        {
            user = (await signIn.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            // Outside a page (no authentication state set for this scope): nobody to name.
            return null;
        }
        if (user.Identity is not { IsAuthenticated: true })
        {
            return null;
        }
        return ClaimsInOrder.Select(type => user.FindFirst(type)?.Value)
            .Append(user.Identity.Name)
            .FirstOrDefault(IsHeaderSafe);
    }

    private static bool IsHeaderSafe(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.All(c => c is >= ' ' and <= '~');
}
