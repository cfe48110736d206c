using FeedbackFix.Dashboard;
using FeedbackFix.Dashboard.Api;
using FeedbackFix.Dashboard.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Microsoft.Extensions.Hosting;

public static class DashboardServiceExtensions
{
    /// <summary>
    /// The dashboard's settings, its client of the gateway (with the API key added on the server),
    /// Fluent UI, Razor components with interactive server rendering, and sign-in: none in
    /// Development, OpenID Connect required everywhere else, with the rules of who may use the dashboard.
    /// </summary>
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddTransient<ApiKeyHandler>();
        // A person's action (Generate Fix, a merge, a split, a report) is sent once: a retry after an
        // answer that came too late, or a 5xx after the work was done, would do it twice. Reads are retried
        // as on every other client. (Removing the default handler is marked experimental in
        // Microsoft.Extensions.Http.Resilience; it is the documented way to configure one client's own.)
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<FeedbackFixClient>((services, http) =>
                http.BaseAddress = services.GetRequiredService<IOptions<DashboardOptions>>().Value.GatewayUrl)
            .AddHttpMessageHandler<ApiKeyHandler>()
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
        // A followed job log is one long response that says nothing while the job is quiet (no headers
        // either, before its first line): the standard handler's 10 s attempt and 30 s total would cut
        // it again and again, and count every cut against the circuit breaker the other calls share.
        builder.Services.AddHttpClient(FeedbackFixClient.StreamClientName, (services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<DashboardOptions>>().Value.GatewayUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<ApiKeyHandler>()
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.AddSignIn();
        return builder;
    }

    private static void AddSignIn(this WebApplicationBuilder builder)
    {
        // Bound in every environment: the not-allowed page reads it (in Development nobody signs in).
        var signInOptions = builder.Services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section);
        if (builder.Environment.IsDevelopment())
        {
            // No scheme, but UseAuthentication still needs the authentication services to start.
            builder.Services.AddAuthentication();
            builder.Services.AddAuthorization();
            return;
        }

        // Incomplete settings, or none saying who may use the dashboard, stop it at start naming the settings.
        signInOptions.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                // A signed-in person the rules refuse gets 403 where they asked, and the status page
                // (Pages/AccessDenied) says who they are and why, instead of a redirect to a path that
                // the same policy guards.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    // Only a page asked for (GET) gets the status page: re-executed as a POST (a form, a
                    // circuit's negotiation) that page would answer 400 for the missing antiforgery token.
                    if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                        && context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
                    {
                        statusPages.Enabled = false;
                    }
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(options =>
            {
                options.ResponseType = "code";
                // The default asks for openid and profile only; most providers send the e-mail, which names
                // the person in a cluster's activity (SignedInPerson) and is what AllowedEmails and
                // AllowedEmailDomains are checked against, only when asked for it.
                options.Scope.Add("email");
                options.SaveTokens = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                // A provider that sends the e-mail from its user-info endpoint only sends whether it is verified there too.
                options.ClaimActions.MapUniqueJsonKey(AllowedPeople.EmailVerifiedClaim, AllowedPeople.EmailVerifiedClaim);
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
            });
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>>((options, settings) =>
            {
                var signIn = settings.Value;
                options.Authority = signIn.Authority;
                options.ClientId = signIn.ClientId;
                options.ClientSecret = signIn.ClientSecret;
                if (signIn.HasRoleRule)
                {
                    options.ClaimActions.MapJsonKey(signIn.RoleClaim, signIn.RoleClaim);
                }
            });
        // Signed in is not enough: anyone the provider knows could be (a Google account, a tenant without
        // app assignment), and every page acts with the dashboard's ReadWrite key.
        builder.Services.AddSingleton<IAuthorizationHandler, AllowedPersonHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new AllowedPersonRequirement())
                .Build());

        // Sign-in cookies and antiforgery tokens must read on every replica: keys in a shared folder
        // when one is given (a mounted volume), else the dashboard runs as one replica.
        if (builder.Configuration["Dashboard:DataProtectionKeysPath"] is { Length: > 0 } keys)
        {
            builder.Services.AddDataProtection()
                .SetApplicationName("feedbackfix-dashboard")
                .PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
    }
}
