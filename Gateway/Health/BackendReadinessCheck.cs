using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace FeedbackFix.Gateway.Health;

/// <summary>
/// The gateway is ready only while every service its routes lead to is: it asks each destination's
/// <c>/health</c> (through service discovery) and reuses the answers for
/// <see cref="BackendHealthOptions.CacheDuration"/>. A service that is not ready (Redis down, say)
/// makes the gateway unready too, so a load balancer or the AppHost sees that its routes cannot be served.
/// </summary>
internal sealed partial class BackendReadinessCheck(
    IHttpClientFactory clients,
    IProxyConfigProvider proxyConfig,
    IOptions<BackendHealthOptions> options,
    TimeProvider time,
    ILogger<BackendReadinessCheck> logger) : IHealthCheck
{
    public const string HttpClientName = "backend-health";

    private readonly SemaphoreSlim _asking = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _asking.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } answered)
            {
                return answered;
            }
            var result = await AskAllAsync(context.Registration.FailureStatus, cancellationToken);
            _last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _asking.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _last is { } last && time.GetUtcNow() - last.At < options.Value.CacheDuration ? last.Result : null;

    private async Task<HealthCheckResult> AskAllAsync(HealthStatus failureStatus, CancellationToken cancellationToken)
    {
        var destinations = proxyConfig.GetConfig().Clusters
            .SelectMany(cluster => (cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
                .Select(destination => (Cluster: cluster.ClusterId, destination.Value.Address)))
            .ToList();
        var answers = await Task.WhenAll(destinations.Select(d => AskAsync(d.Cluster, d.Address, cancellationToken)));
        var unready = answers.Where(answer => answer is not null).ToList();
        return unready.Count == 0
            ? HealthCheckResult.Healthy($"{destinations.Count} service(s) ready.")
            : new HealthCheckResult(failureStatus, "Not ready: " + string.Join("; ", unready) + ".");
    }

    /// <summary>Null when the service is ready, else what is wrong with it.</summary>
    private async Task<string?> AskAsync(string cluster, string address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(new Uri(address), Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath), timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }
            LogUnready(logger, cluster, (int)response.StatusCode);
            return $"{cluster} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, cluster, e.Message);
            return $"{cluster} unreachable";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Cluster} is not ready: its /health answered {StatusCode}")]
    private static partial void LogUnready(ILogger logger, string cluster, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Cluster} did not answer its /health: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string cluster, string reason);
}
