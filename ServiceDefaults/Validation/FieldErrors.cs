using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.ServiceDefaults.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field (snake_case, as the client sent it),
/// and turns it into one RFC 7807 validation problem. Every message names its field, so it reads
/// on its own. Query values arrive as text: absent or empty means "not given"; the checks that
/// read a value return it once it passes.
/// </summary>
public sealed class FieldErrors
{
    /// <summary>Clocks differ a little; more than this ahead of ours is a mistake, not skew.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    // Made on the first error only: most requests are valid, and ingest is the hot path.
    private Dictionary<string, List<string>>? _errors;

    /// <summary>Reads <paramref name="text"/> as a <typeparamref name="T"/>, as the TryParse methods do.</summary>
    public delegate bool Parser<T>(string text, [NotNullWhen(true)] out T? value) where T : class;

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

    public ValidationProblem ToProblem()
    {
        var errors = (_errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(errors, detail: $"Invalid request: {string.Join(", ", errors.Keys)}.");
    }

    /// <summary>A one-field problem, for checks that stand alone.</summary>
    public static ValidationProblem Problem(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors.ToProblem();
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

    /// <summary>Optional, but when present not blank and at most <paramref name="maxLength"/> characters.</summary>
    public void NotBlank(string field, string? value, int maxLength)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} must not be blank.");
        }
        MaxLength(field, value, maxLength);
    }

    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters; it has {value.Length}.");
        }
    }

    /// <summary>Absent, or an absolute http or https URL of at most <paramref name="maxLength"/> characters.</summary>
    public void HttpUrl(string field, string? value, int maxLength) => Url(field, value, maxLength, httpsOnly: false);

    /// <summary>Absent, or an absolute https URL of at most <paramref name="maxLength"/> characters.</summary>
    public void HttpsUrl(string field, string? value, int maxLength) => Url(field, value, maxLength, httpsOnly: true);

    public static bool IsHttpUrl(string value) => IsAbsoluteUrl(value, httpsOnly: false);

    /// <summary>
    /// The earliest time a report may say it was written: the Unix epoch, as Reddit's times count from it.
    /// Anything earlier (<c>0001-01-01</c>) is a default value, not a date.
    /// </summary>
    public static readonly DateTimeOffset EarliestTime = DateTimeOffset.UnixEpoch;

    /// <summary>A time a report can have been written at: from <see cref="EarliestTime"/> to <see cref="MaxFutureSkew"/> ahead of <paramref name="now"/>.</summary>
    public static bool IsPlausibleTime(DateTimeOffset value, DateTimeOffset now) =>
        value >= EarliestTime && value <= now + MaxFutureSkew;

    public void PlausibleTime(string field, DateTimeOffset value, DateTimeOffset now)
    {
        if (!IsPlausibleTime(value, now))
        {
            Add(field, $"{field} must be from {EarliestTime:yyyy-MM-dd} on and not more than {MaxFutureSkew.TotalMinutes:0} minutes in the future.");
        }
    }

    /// <summary>
    /// Absent, or one of <typeparamref name="TEnum"/>'s names as the API writes them (snake_case, see
    /// <c>ApiJson</c>), in any case: "fixing" or "Fixing", not "1". A query value is absent when null or
    /// empty, as every other query value; a member of a JSON body only when null (<paramref name="inBody"/>),
    /// so <c>"status": ""</c> is refused.
    /// </summary>
    public TEnum? Enum<TEnum>(string field, string? value, bool inBody = false) where TEnum : struct, Enum
    {
        if (inBody ? value is null : string.IsNullOrEmpty(value))
        {
            return null;
        }
        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(ApiName(candidate), value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        Add(field, $"{field} must be one of: {string.Join(", ", System.Enum.GetValues<TEnum>().Select(ApiName))}.");
        return null;
    }

    /// <summary>A page size: <paramref name="defaultValue"/> when absent, else a whole number from 1 to <paramref name="max"/>.</summary>
    public int Limit(string field, string? value, int defaultValue, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max)
        {
            return limit;
        }
        Add(field, $"{field} must be a whole number from 1 to {max}.");
        return defaultValue;
    }

    /// <summary>Absent (null), or a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long? WholeNumber(string field, string? value, long min, long max = long.MaxValue)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        Add(field, max == long.MaxValue
            ? $"{field} must be a whole number of at least {min}."
            : $"{field} must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>
    /// Absent (null), or the text without surrounding blanks, 1 to <paramref name="maxLength"/>
    /// characters: a search term, where blanks at either end are never meant.
    /// </summary>
    public string? TrimmedText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            Add(field, $"{field} must not be blank.");
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters; it has {trimmed.Length}.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Absent (null), true or false.</summary>
    public bool? Flag(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }
        Add(field, $"{field} must be true or false.");
        return null;
    }

    /// <summary>Absent (null), or what <paramref name="parse"/> makes of it; <paramref name="message"/> when it cannot.</summary>
    public T? Parse<T>(string field, string? value, Parser<T> parse, string message) where T : class
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (parse(value, out var parsed))
        {
            return parsed;
        }
        Add(field, message);
        return null;
    }

    /// <summary>Absent (null), or the value itself when <paramref name="isValid"/>; <paramref name="message"/> when not.</summary>
    public string? Matches(string field, string? value, Func<string, bool> isValid, string message) =>
        Parse(field, value, (string text, [NotNullWhen(true)] out string? valid) => (valid = isValid(text) ? text : null) is not null, message);

    private void Url(string field, string? value, int maxLength, bool httpsOnly)
    {
        if (value is null)
        {
            return;
        }
        if (!IsAbsoluteUrl(value, httpsOnly))
        {
            Add(field, httpsOnly ? $"{field} must be an absolute https URL." : $"{field} must be an absolute http or https URL.");
        }
        else
        {
            MaxLength(field, value, maxLength);
        }
    }

    private static bool IsAbsoluteUrl(string value, bool httpsOnly) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp)) &&
        uri.Host.Length > 0;

    /// <summary>An enum value's name as the API writes it (snake_case, as <c>ApiJson</c>).</summary>
    internal static string ApiName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
