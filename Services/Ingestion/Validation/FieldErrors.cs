using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field (snake_case, as the client sent it),
/// and turns it into one RFC 7807 validation problem.
/// </summary>
internal sealed class FieldErrors
{
    /// <summary>Clocks differ a little; more than this ahead of ours is a mistake, not skew.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    // Made on the first error only: most requests are valid, and ingest is the hot path.
    private Dictionary<string, List<string>>? _errors;

    public bool IsEmpty => Count == 0;

    /// <summary>How many messages so far, so a caller can tell whether its own checks added any.</summary>
    public int Count { get; private set; }

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        Count++;
    }

    /// <summary>Present and not blank, at most <paramref name="maxLength"/> characters.</summary>
    public void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required and must not be blank.");
        }
        else
        {
            MaxLength(field, value, maxLength);
        }
    }

    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters; it has {value.Length}.");
        }
    }

    /// <summary>Absent, or an absolute http/https URL of at most <paramref name="maxLength"/> characters.</summary>
    public void HttpUrl(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return;
        }
        if (!IsHttpUrl(value))
        {
            Add(field, $"{field} must be an absolute http or https URL.");
        }
        else
        {
            MaxLength(field, value, maxLength);
        }
    }

    public void NotInFuture(string field, DateTimeOffset value, DateTimeOffset now)
    {
        if (value > now + MaxFutureSkew)
        {
            Add(field, $"{field} must not be more than {MaxFutureSkew.TotalMinutes:0} minutes in the future.");
        }
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public ValidationProblem ToProblem()
    {
        var errors = (_errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(errors, detail: $"Invalid request: {string.Join(", ", errors.Keys)}.");
    }
}
