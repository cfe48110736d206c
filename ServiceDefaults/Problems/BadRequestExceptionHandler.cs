using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.ServiceDefaults.Problems;

/// <summary>
/// Turns request-binding failures (malformed JSON, a route or query value its type refuses, wrong
/// content type, body too large) into problem details that say what was wrong, naming the field
/// (the JSON path, or the parameter) when there is one.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var problem = new ProblemDetails { Status = badRequest.StatusCode };
        switch (badRequest.StatusCode)
        {
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Detail = "The request body must be JSON, sent with Content-Type: application/json.";
                break;
            case StatusCodes.Status413PayloadTooLarge:
                problem.Detail = "The request body is larger than this endpoint accepts.";
                break;
            default:
                if (BindingFailure.Read(httpContext, badRequest) is { } binding)
                {
                    problem.Detail = binding.Message;
                    problem.Extensions["errors"] = new Dictionary<string, string[]> { [binding.Field] = [binding.Message] };
                    break;
                }
                var json = FindJsonException(badRequest);
                var field = JsonPathToField(json?.Path);
                problem.Detail = json is null
                    ? "The request could not be read: " + badRequest.Message
                    : field is null
                        ? IsWrongType(json) ? "The request body must be a JSON object." : "The request body is not valid JSON."
                        : IsUnknownMember(json)
                            ? $"The field '{field}' is not one this request takes."
                            : IsDuplicateMember(json)
                                ? $"The field '{field}' is given twice, or holds a member given twice; give each once."
                                : $"The field '{field}' has a value of the wrong type or is not valid JSON.";
                if (field is not null)
                {
                    problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
                }
                break;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    // System.Text.Json's wording: well-formed JSON of another kind than the type ("[]" for an object)...
    private static bool IsWrongType(JsonException json) =>
        json.Message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal);

    // ...and a member a type that disallows unmapped members does not have.
    private static bool IsUnknownMember(JsonException json) =>
        json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);

    // ...and a member given twice, refused where the options say so (the APIs' request bodies): the path
    // names the member itself, or the object that holds it when it is read as raw JSON.
    private static bool IsDuplicateMember(JsonException json) =>
        json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal);

    /// <summary>"$.posts[2].title" becomes "posts[2].title"; the root "$" names no field.</summary>
    internal static string? JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
