using System.Text.RegularExpressions;
using FeedbackFix.Contracts;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.Validation;

namespace FeedbackFix.Clusters.Validation;

/// <summary>The checks on <see cref="FieldErrors"/> that need this service's or the domain's rules.</summary>
public static partial class FieldErrorsExtensions
{
    /// <summary>Items in a page when the client names no limit.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>A record id; required.</summary>
    public static bool Id(this FieldErrors errors, string field, string? value)
    {
        if (RecordId.IsValid(value))
        {
            return true;
        }
        errors.Add(field, string.IsNullOrEmpty(value)
            ? $"{field} is required."
            : $"{field} must be {RecordId.Rule}.");
        return false;
    }

    public static PageCursor? Cursor(this FieldErrors errors, string field, string? value) =>
        errors.Parse<PageCursor>(field, value, PageCursor.TryParse, $"{field} is not a cursor this API gave out.");

    /// <summary>
    /// The page a list asks for: where it starts (<c>{prefix}cursor</c>) and how many items
    /// (<c>{prefix}limit</c>, <see cref="DefaultPageSize"/> unless given).
    /// </summary>
    public static (PageCursor? After, int Size) Page(this FieldErrors errors, string? cursor, string? limit, string prefix = "") =>
        (errors.Cursor(prefix + "cursor", cursor), errors.Limit(prefix + "limit", limit, DefaultPageSize, PageCursor.MaxLimit));

    /// <summary>A Redis stream id such as <c>1732800000000-0</c>, as given out in log lines.</summary>
    public static string? StreamId(this FieldErrors errors, string field, string? value) =>
        errors.Matches(field, value, StreamIdRegex().IsMatch, $"{field} must be a log line id such as 1732800000000-0.");

    /// <summary>Optional repository address; <paramref name="allowEmpty"/> lets "" through to clear it.</summary>
    public static void GithubRepository(this FieldErrors errors, string field, string? value, bool allowEmpty)
    {
        if (value is null || (allowEmpty && value.Length == 0) || GithubRepoUrl.IsValid(value))
        {
            return;
        }
        errors.Add(field, $"{field} must look like {GithubRepoUrl.Expected} (no trailing path).");
    }

    [GeneratedRegex(@"^[0-9]{1,20}-[0-9]{1,20}\z", RegexOptions.CultureInvariant)]
    private static partial Regex StreamIdRegex();
}
