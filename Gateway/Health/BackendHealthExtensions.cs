using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedbackFix.Gateway.Health;

public static class BackendHealthExtensions
{
    /// <summary>
    /// Readiness (<c>/health</c>) follows the services behind the routes (<see cref="BackendReadinessCheck"/>);
    /// <c>/alive</c> stays the gateway's own.
    /// </summary>
    public static WebApplicationBuilder AddBackendReadiness(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackendHealthOptions>()
            .BindConfiguration(BackendHealthOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // One plain try per probe: the default resilience handler's retries would outlast the probe itself.
        // (Marked experimental in Microsoft.Extensions.Http.Resilience; the documented way to opt one client out.)
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(BackendReadinessCheck.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<BackendReadinessCheck>();
        builder.Services.AddHealthChecks().AddCheck<BackendReadinessCheck>("backends");
        return builder;
    }
}
