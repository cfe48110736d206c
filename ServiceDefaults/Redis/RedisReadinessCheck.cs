using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// Ready while the Redis circuit is closed. It reads state the circuit keeps rather than sending a
/// command of its own, so a probe every few seconds costs nothing and never waits on a timeout.
/// </summary>
internal sealed class RedisReadinessCheck(RedisCircuit circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(circuit.OpenReason is { } reason
            ? new HealthCheckResult(context.Registration.FailureStatus, $"Redis is not reachable: {reason}.")
            : HealthCheckResult.Healthy("Redis answers."));
}
