using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Validation;

/// <summary>Problem answers other than validation, worded the same way everywhere.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
