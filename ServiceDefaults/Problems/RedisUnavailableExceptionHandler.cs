using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "The data store is not reachable right now; retry after the number of seconds in Retry-After.",
            },
            Exception = exception,
        });
    }
}
