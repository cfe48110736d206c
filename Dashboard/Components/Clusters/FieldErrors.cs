using FeedbackFix.Dashboard.Api;

namespace FeedbackFix.Dashboard.Components.Clusters;

/// <summary>A 400's field errors, shown next to the fields they name; anything else goes to the problem bar.</summary>
internal static class FieldErrors
{
    public static string? For(ApiProblem? problem, string field) =>
        problem is not null && problem.Errors.TryGetValue(field, out var messages) && messages.Length > 0
            ? string.Join(" ", messages)
            : null;

    /// <summary>The problem, unless every one of its field errors is shown next to a field already.</summary>
    public static ApiProblem? NotShownBy(ApiProblem? problem, params string[] fields) =>
        problem is { Errors.Count: > 0 } && problem.Errors.Keys.All(fields.Contains) ? null : problem;
}
