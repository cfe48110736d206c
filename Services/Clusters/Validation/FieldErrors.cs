using System.Globalization;
using System.Text.RegularExpressions;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Clusters.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field (named as the client sent them), and
/// turns it into one 400 validation problem. Each check returns the parsed value when it passes.
/// </summary>
public sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "Invalid " + (_errors.Count == 1 ? "field" : "fields") + ": " + string.Join(", ", _errors.Keys) + ".");

    /// <summary>A one-field problem, for checks that stand alone.</summary>
    public static ValidationProblem Problem(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors.ToProblem();
    }

    public bool Id(string field, string? value)
    {
        if (Ids.IsValid(value))
        {
            return true;
        }
        Add(field, value is null ? "is required." : "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
        return false;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters.");
        }
    }

    /// <summary>Optional, but when present not blank and at most <paramref name="max"/> characters.</summary>
    public void NotBlank(string field, string? value, int max)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be blank.");
        }
        MaxLength(field, value, max);
    }

    public TEnum? Enum<TEnum>(string field, string? value) where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }
        if (RedisValues.TryParse<TEnum>(value, out var parsed))
        {
            return parsed;
        }
        Add(field, "must be one of: " + string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => v.ToString().ToLowerInvariant())) + ".");
        return null;
    }

    public PageCursor? Cursor(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (PageCursor.TryParse(value, out var cursor))
        {
            return cursor;
        }
        Add(field, "is not a cursor this API gave out.");
        return null;
    }

    public int Limit(string field, string? value, int defaultValue, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max)
        {
            return limit;
        }
        Add(field, $"must be a whole number from 1 to {max}.");
        return defaultValue;
    }

    public bool Flag(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }
        Add(field, "must be true or false.");
        return false;
    }

    /// <summary>A Redis stream id such as <c>1732800000000-0</c>, as given out in log lines.</summary>
    public string? StreamId(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (StreamIdRegex().IsMatch(value))
        {
            return value;
        }
        Add(field, "must be a log line id such as 1732800000000-0.");
        return null;
    }

    /// <summary>Optional repository address; <paramref name="allowEmpty"/> lets "" through to clear it.</summary>
    public void GithubRepository(string field, string? value, bool allowEmpty)
    {
        if (value is null || (allowEmpty && value.Length == 0) || GithubRepoUrl.IsValid(value))
        {
            return;
        }
        Add(field, $"must look like {GithubRepoUrl.Expected} (no trailing path).");
    }

    public void HttpsUrl(string field, string? value, int max)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > max || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
        {
            Add(field, $"must be an absolute https URL of at most {max} characters.");
        }
    }

    [GeneratedRegex(@"^[0-9]{1,20}-[0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex StreamIdRegex();
}
