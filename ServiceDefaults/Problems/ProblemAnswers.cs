using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// How an exception handler or a middleware that refuses a request answers: a status, a problem-details
/// body and, when it helps, Retry-After.
/// </summary>
public static class ProblemAnswers
{
    public static ValueTask<bool> WriteAsync(
        IProblemDetailsService problemDetails, HttpContext httpContext, Exception? exception,
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

    /// <summary>A middleware's refusal: no exception behind it.</summary>
    public static ValueTask<bool> WriteAsync(HttpContext httpContext, int status, string title, string detail) =>
        WriteAsync(httpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), httpContext, null, status, title, detail);
}
