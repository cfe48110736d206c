using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// Redis down or not answering: 503 with Retry-After, so clients wait and retry. The
/// multiplexer keeps reconnecting on its own, so the service recovers when Redis returns.
/// </summary>
internal sealed class RedisUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<RedisUnavailableExceptionHandler> logger) : IExceptionHandler
{
    internal const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException))
        {
            return false;
        }

        logger.LogWarning("Redis is unavailable; answering {Path} with 503: {Reason}", httpContext.Request.Path.Value, exception.Message);
        return await ExceptionProblems.WriteAsync(problemDetails, httpContext, exception, StatusCodes.Status503ServiceUnavailable,
            "Storage unavailable", "The data store is not reachable right now; retry after the number of seconds in Retry-After.",
            RetryAfterSeconds);
    }
}
