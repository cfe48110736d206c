namespace FeedbackFix.Dashboard.Api;

/// <summary>
/// What the API said when it refused a request (its problem details), or that it could not be
/// reached; shown in the API's own words next to what the user did.
/// </summary>
public sealed record ApiProblem(int? Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>No answer at all: the gateway is down or unreachable.</summary>
    public bool Unreachable => Status is null;

    public static ApiProblem NoAnswer(string reason) =>
        new(null, "The API cannot be reached", reason, new Dictionary<string, string[]>());

    /// <summary>The detail and every field error, one sentence each, as a person reads them.</summary>
    public string Message => string.Join(" ", new[] { Detail ?? Title }.Concat(Errors.Values.SelectMany(e => e)).Distinct(StringComparer.Ordinal));
}
