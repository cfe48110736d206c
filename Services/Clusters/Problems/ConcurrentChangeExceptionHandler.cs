using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Clusters.Problems;

/// <summary>A record too busy to change (every compare-and-set lost): 409 with Retry-After, not a 500.</summary>
internal sealed class ConcurrentChangeExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ConcurrentChangeExceptionHandler> logger) : IExceptionHandler
{
    internal const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ConcurrentChangeException)
        {
            return false;
        }

        logger.LogWarning("Answering {Path} with 409: {Reason}", httpContext.Request.Path.Value, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Changed concurrently",
                Detail = "Others kept changing this record at the same moment; try again.",
            },
            Exception = exception,
        });
    }
}
