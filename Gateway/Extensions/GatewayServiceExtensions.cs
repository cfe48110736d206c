using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Gateway.Keys;
using FeedbackFix.Gateway.Limits;
using FeedbackFix.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FeedbackFix.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    public const string AnonymousPolicy = "anonymous";
    public const string AdminPolicy = "admin";
    public const string ApiKeyScheme = "ApiKey";
    public const string DashboardCorsPolicy = "dashboard";

    /// <summary>
    /// YARP from configuration with service-discovery destinations, named API keys required by
    /// default with their scope checked by method (a route opts out with AuthorizationPolicy
    /// "anonymous"; admin routes name "admin"), CORS for the configured dashboard origins, a
    /// request budget per key, header values forwarded as UTF-8 (never the client's X-Api-Key), problem
    /// details in the API's JSON.
    /// </summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddAuthentication(ApiKeyScheme)
            .AddKey(ApiKeyScheme, key =>
            {
                key.HeaderName = ApiHeaders.ApiKey;
                key.FindHolder = (context, _) => context.RequestServices.GetRequiredService<ApiKeyRing>().Find(context) is { } holder
                    ? ApiKeyClaims.For(holder)
                    : null;
                key.MissingKeyDetail = $"Send the API key in the {ApiHeaders.ApiKey} header.";
                key.WrongKeyDetail = $"The {ApiHeaders.ApiKey} header does not hold a valid API key.";
            });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeRefusal>();
        builder.Services.AddAuthorizationBuilder()
            // Routes that name no policy (every API route) need a key whose scope allows the method;
            // admin routes name "admin"; health, webhooks and the agent's job reports name
            // "anonymous" and carry their own proof.
            .SetFallbackPolicy(ScopePolicy(new ApiKeyScopeRequirement()))
            .AddPolicy(AdminPolicy, ScopePolicy(new ApiKeyScopeRequirement(ApiKeyScope.Admin)));

        var origins = builder.Configuration.GetSection($"{GatewayOptions.Section}:{nameof(GatewayOptions.CorsOrigins)}").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(DashboardCorsPolicy, policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Location", "Retry-After", "Idempotent-Replayed")));

        builder.Services.AddClientRateLimiting();

        // The problems the gateway writes itself (401, 403, 404, 413, 429, a failed forward) in the
        // API's JSON, as the services write theirs: snake_case, so "trace_id" and not "traceId".
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddConfigFilter<Utf8RequestHeaders>()
            .AddTransforms(ApiKeyCaller.DropApiKey)
            .AddTransforms(ApiKeyCaller.ForwardAdminKey)
            .AddTransforms(ApiKeyCaller.ForwardCaller);
        builder.Logging.MuteForwarderLog();

        return builder;
    }

    private static AuthorizationPolicy ScopePolicy(ApiKeyScopeRequirement scope) =>
        new AuthorizationPolicyBuilder(ApiKeyScheme).RequireAuthenticatedUser().AddRequirements(scope).Build();

    /// <summary>The gateway's pipeline: CORS, rate limit, authentication, the caller's name on the trace and logs, authorization, then the proxy with the body limit and its error log.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseCors(DashboardCorsPolicy);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(ApiKeyCaller.TagAsync);
        app.UseAuthorization();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(RequestBodyLimit.EnforceAsync);
            proxy.Use(ForwarderErrorLogging.LogAsync);
        });
        return app;
    }
}
