using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace FeedbackFix.Clusters.Problems;

/// <summary>A record too busy to change (every compare-and-set lost): 409 with Retry-After, not a 500.</summary>
internal sealed partial class ConcurrentChangeExceptionHandler(
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

        LogAnsweredConflict(httpContext.Request.Path.Value, exception.Message);
        return await ProblemAnswers.WriteAsync(problemDetails, httpContext, exception, StatusCodes.Status409Conflict,
            "Changed concurrently", "Others kept changing this record at the same moment; try again.", RetryAfterSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering {Path} with 409: {Reason}")]
    private partial void LogAnsweredConflict(string? path, string reason);
}
