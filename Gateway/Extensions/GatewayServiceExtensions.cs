using FeedbackFix.Gateway.Auth;
using FeedbackFix.Gateway.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    public const string AnonymousPolicy = "anonymous";
    public const string DashboardCorsPolicy = "dashboard";

    /// <summary>
    /// YARP from configuration with service-discovery destinations, API-key authentication
    /// required by default (a route opts out with AuthorizationPolicy "anonymous"), CORS for the
    /// configured dashboard origins, a request budget per client.
    /// </summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // Routes that name no policy (every API route) need the key; health, webhooks and the
            // agent's job reports name "anonymous" and carry their own proof.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());

        var origins = builder.Configuration.GetSection($"{GatewayOptions.Section}:{nameof(GatewayOptions.CorsOrigins)}").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(DashboardCorsPolicy, policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "Retry-After")));

        builder.Services.AddClientRateLimiting();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        return builder;
    }

    /// <summary>The gateway's pipeline: CORS, rate limit, auth, then the proxy with the body limit.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseCors(DashboardCorsPolicy);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReverseProxy(proxy => proxy.Use(RequestBodyLimit.EnforceAsync));
        return app;
    }
}
