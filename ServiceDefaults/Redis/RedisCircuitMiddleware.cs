using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// While the circuit is open a request fails at once, with the same 503 a Redis error gives
/// (<c>RedisUnavailableExceptionHandler</c>), instead of waiting for a command to time out.
/// Health probes and the API description do not need Redis and go through.
/// </summary>
internal sealed class RedisCircuitMiddleware(RequestDelegate next, RedisCircuit circuit)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (circuit.OpenReason is { } reason && !NeedsNoRedis(context.Request.Path))
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, $"Redis is not reachable ({reason}); the circuit is open.");
        }
        return next(context);
    }

    private static bool NeedsNoRedis(PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath) ||
        path.StartsWithSegments(Extensions.AlivenessEndpointPath) ||
        path.StartsWithSegments("/openapi");
}
