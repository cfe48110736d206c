using System.Text.Json;

namespace FeedbackFix.Dashboard.Api;

/// <summary>
/// What the API said when it refused a request (its problem details), or that it could not be
/// reached; shown in the API's own words next to what the user did.
/// </summary>
public sealed record ApiProblem(int? Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>No answer at all: the gateway is down or unreachable.</summary>
    public bool Unreachable => Status is null;

    /// <summary>The problem's other members, e.g. start_fix's <c>active_job_id</c> when a fix is already running.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>One of <see cref="Extensions"/> when it is a string, else null.</summary>
    public string? Extension(string name) =>
        Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static ApiProblem NoAnswer(string reason) =>
        new(null, "The API cannot be reached", reason, new Dictionary<string, string[]>());

    /// <summary>
    /// As a person reads it: every field error, one sentence each, when there are any (a validation
    /// problem's detail only lists the fields' names), else the detail.
    /// </summary>
    public string Message => Errors.Count > 0
        ? string.Join(" ", Errors.Values.SelectMany(e => e).Distinct(StringComparer.Ordinal))
        : Detail ?? Title;
}
