using Microsoft.Extensions.Configuration;

namespace FeedbackFix.ServiceDefaults.Telemetry;

/// <summary>
/// Whether the service's telemetry goes anywhere: an OTLP endpoint is configured (Aspire sets one,
/// a deployment points it at its collector). Without one, nothing would read the traces, so nothing
/// records them: neither the defaults' instrumentation nor the Redis client's, whose profiler keeps
/// every command until its next flush (docs/architecture.md, "Telemetry").
/// </summary>
public static class TelemetryExport
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointSetting]);
}
