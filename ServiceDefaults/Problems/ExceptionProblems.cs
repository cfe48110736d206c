using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>How an exception handler answers: a status, a problem-details body and, when it helps, Retry-After.</summary>
public static class ExceptionProblems
{
    public static ValueTask<bool> WriteAsync(
        IProblemDetailsService problemDetails, HttpContext httpContext, Exception exception,
        int status, string title, string detail, int? retryAfterSeconds = null)
    {
        httpContext.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            Exception = exception,
        });
    }
}
