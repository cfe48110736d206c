using FeedbackFix.ServiceDefaults.Problems;
using FeedbackFix.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every FeedbackFix service shares: telemetry, health, service discovery, resilient
/// HttpClients and problem-details errors.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string KestrelLimitsSection = "Kestrel:Limits";
    private const string LiveTag = "live";

    /// <summary>Adds OpenTelemetry, health checks, service discovery, resilience and problem details.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = StatusCodeProblems.Describe);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<RedisUnavailableExceptionHandler>();
        // Binding failures throw so BadRequestExceptionHandler can say which field was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // The web host reads only Kestrel's endpoints and certificates from the Kestrel section; its
        // limits (Kestrel__Limits__KeepAliveTimeout behind the load balancer, docs/deploy.md) are bound here.
        builder.Services.Configure<KestrelServerOptions>(options => builder.Configuration.GetSection(KestrelLimitsSection).Bind(options.Limits));

        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (Aspire
    /// sets it). Without an exporter nothing would read them, so nothing is collected: measured,
    /// the instrumentation alone costs about a tenth of an ingest's CPU.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!TelemetryExport.IsConfigured(builder.Configuration))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("FeedbackFix.*"))
            .WithTracing(tracing => tracing
                // Redis commands outside any span (idle polls, reconcile passes) start no trace.
                .SetSampler(new UntracedBackgroundRedisSampler(new ParentBasedSampler(new AlwaysOnSampler())))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("FeedbackFix.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the traces people look for.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath) &&
                        !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();

        return builder;
    }

    /// <summary>A liveness check tagged "live"; readiness adds every other registered check (Redis among them).</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health (ready: every check) and /alive (the process answers) in every environment,
    /// since production probes need them; turns unhandled errors into problem details; refuses a
    /// compressed request body; and keeps the bodies of requests with an Idempotency-Key readable for
    /// the endpoints that honour it.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(EncodedBodies.RefuseAsync);
        app.UseRedisCircuit();
        app.Use(IdempotencyKeys.BufferKeyedBodies);
        return app.MapHealthEndpoints();
    }

    /// <summary>
    /// Maps /health and /alive only, for an app that answers errors with pages of its own (the web
    /// dashboard) rather than problem details.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // Probes carry no credentials, so these stay open where everything else needs a key.
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        }).AllowAnonymous();
        return app;
    }
}
