using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.ServiceDefaults.Authentication;

public static class KeyAuthenticationExtensions
{
    /// <summary>
    /// Adds a scheme that authenticates by a shared key in a header (<see cref="KeyAuthenticationHandler"/>).
    /// Set the key from the service's own options, e.g. with
    /// <c>services.AddOptions&lt;KeyAuthenticationOptions&gt;(scheme).Configure&lt;IOptions&lt;T&gt;&gt;(...)</c>.
    /// </summary>
    public static AuthenticationBuilder AddKey(this AuthenticationBuilder builder, string scheme, Action<KeyAuthenticationOptions> configure) =>
        builder.AddScheme<KeyAuthenticationOptions, KeyAuthenticationHandler>(scheme, configure);
}
