using Microsoft.AspNetCore.Http;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// Words for the problem details that the framework answers with a bare status code (no
/// endpoint matched, a method not allowed, a body that is not JSON), so every error says what
/// was wrong.
/// </summary>
internal static class StatusCodeProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"There is nothing at {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType =>
                "The request body must be JSON, sent with Content-Type: application/json.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
            _ => null,
        };
    }
}
