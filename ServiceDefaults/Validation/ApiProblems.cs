using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.ServiceDefaults.Validation;

/// <summary>Problem answers other than validation, worded the same way in every service.</summary>
public static class ApiProblems
{
    /// <summary>404 for a record that does not exist; <paramref name="title"/> may name what kind.</summary>
    public static ProblemHttpResult NotFound(string detail, string title = "Not found") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
