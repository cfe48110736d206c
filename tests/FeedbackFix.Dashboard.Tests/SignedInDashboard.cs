using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Dashboard.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>
/// The whole dashboard (its Program) as it runs outside Development, with sign-in rules: addresses at
/// example.com and the single address grace@partner.example.org may use it. Who is signed in comes from
/// <see cref="HeaderSignIn"/> instead of the cookie; refusing still goes through the cookie scheme, as
/// in production. The gateway is <see cref="StubApi"/>, which answers GET /feedback with an empty page.
/// </summary>
public sealed class SignedInDashboard : WebApplicationFactory<Program>
{
    public const string AllowedDomain = "example.com";

    public const string AllowedAddress = "grace@partner.example.org";

    internal StubApi Api { get; } = new StubApi().Answer(HttpMethod.Get, "/feedback", new Page<FeedbackItem>([], null));

    /// <summary>A client that does not follow redirects, so a redirect would show as one.</summary>
    public HttpClient ClientSignedInAs(params (string Type, string Value)[] claims)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(HeaderSignIn.Header, HeaderSignIn.Claims(claims));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseSetting("Dashboard:GatewayUrl", "http://gateway/");
        builder.UseSetting("Dashboard:ApiKey", "dashboard-test-api-key-0123456789");
        builder.UseSetting("Dashboard:SignIn:Authority", "https://login.example.com/");
        builder.UseSetting("Dashboard:SignIn:ClientId", "feedbackfix-dashboard");
        builder.UseSetting("Dashboard:SignIn:ClientSecret", "client-secret");
        builder.UseSetting("Dashboard:SignIn:AllowedEmailDomains:0", AllowedDomain);
        builder.UseSetting("Dashboard:SignIn:AllowedEmails:0", AllowedAddress);
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderSignIn>(HeaderSignIn.SchemeName, null);
            services.PostConfigure<AuthenticationOptions>(options => options.DefaultAuthenticateScheme = HeaderSignIn.SchemeName);
            // Keys in memory, not in the home folder of whoever runs the tests.
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddHttpClient<FeedbackFixClient>().ConfigurePrimaryHttpMessageHandler(() => Api);
        });
    }
}
