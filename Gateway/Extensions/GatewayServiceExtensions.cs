using FeedbackFix.Contracts;
using FeedbackFix.Gateway.Limits;
using FeedbackFix.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    public const string AnonymousPolicy = "anonymous";
    public const string ApiKeyScheme = "ApiKey";
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

        builder.Services.AddAuthentication(ApiKeyScheme)
            .AddKey(ApiKeyScheme, key =>
            {
                key.HeaderName = ApiHeaders.ApiKey;
                key.CallerName = "api-client";
                key.MissingKeyDetail = $"Send the API key in the {ApiHeaders.ApiKey} header.";
                key.WrongKeyDetail = $"The {ApiHeaders.ApiKey} header does not hold a valid API key.";
            });
        builder.Services.AddOptions<KeyAuthenticationOptions>(ApiKeyScheme)
            .Configure<IOptionsMonitor<GatewayOptions>>((key, gateway) => key.Key = gateway.CurrentValue.ApiKey);
        builder.Services.AddAuthorizationBuilder()
            // Routes that name no policy (every API route) need the key; health, webhooks and the
            // agent's job reports name "anonymous" and carry their own proof.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyScheme).RequireAuthenticatedUser().Build());

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
        builder.Logging.MuteForwarderLog();

        return builder;
    }

    /// <summary>The gateway's pipeline: CORS, rate limit, auth, then the proxy with the body limit and its error log.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseCors(DashboardCorsPolicy);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(RequestBodyLimit.EnforceAsync);
            proxy.Use(ForwarderErrorLogging.LogAsync);
        });
        return app;
    }
}
