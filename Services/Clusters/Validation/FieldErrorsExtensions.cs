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

    /// <summary>
    /// A cursor this API gave out, for <paramref name="list"/> (a store's <c>ListOf</c>) when given; without it
    /// (the list is not known yet, or a parameter that picks it was refused), the list is not checked here.
    /// </summary>
    public static PageCursor? Cursor(this FieldErrors errors, string field, string? value, string? list)
    {
        var cursor = errors.Parse<PageCursor>(field, value, PageCursor.TryParse, PageCursor.NotGivenOut(field));
        return list is null ? cursor : errors.CursorOf(field, cursor, list);
    }

    /// <summary><paramref name="cursor"/> when it may go on in one of <paramref name="lists"/>; otherwise null, and the error says so.</summary>
    public static PageCursor? CursorOf(this FieldErrors errors, string field, PageCursor? cursor, params string[] lists)
    {
        if (cursor is null || lists.Any(cursor.Pages))
        {
            return cursor;
        }
        errors.Add(field, PageCursor.OfAnotherList(field));
        return null;
    }

    /// <summary>
    /// The page a list asks for: where it starts (<c>{prefix}cursor</c>, a cursor given out for
    /// <paramref name="list"/>) and how many items (<c>{prefix}limit</c>, <see cref="DefaultPageSize"/> unless given).
    /// </summary>
    public static (PageCursor? After, int Size) Page(this FieldErrors errors, string? cursor, string? limit, string? list, string prefix = "") =>
        (errors.Cursor(prefix + "cursor", cursor, list), errors.Limit(prefix + "limit", limit, DefaultPageSize, PageCursor.MaxLimit));

    /// <summary>
    /// A Redis stream id such as <c>1732800000000-0</c>, as given out in log lines: two whole numbers that
    /// each fit in 64 bits, as Redis reads them, and not the largest id of all, after which Redis has no
    /// id to read from (either would fail the read, not the request).
    /// </summary>
    public static string? StreamId(this FieldErrors errors, string field, string? value) =>
        errors.Matches(field, value, IsStreamId, $"{field} must be a log line id such as 1732800000000-0.");

    private static bool IsStreamId(string value) =>
        StreamIdRegex().Match(value) is { Success: true } id &&
        ulong.TryParse(id.Groups["ms"].ValueSpan, out var ms) && ulong.TryParse(id.Groups["seq"].ValueSpan, out var seq) &&
        (ms, seq) != (ulong.MaxValue, ulong.MaxValue);

    /// <summary>
    /// Text a person writes (a title, a summary, an issue's text, instructions) holds none of the characters
    /// no report may hold either (<see cref="FeedbackText"/>): they would show as something else than they are.
    /// </summary>
    public static void Characters(this FieldErrors errors, string field, string? value)
    {
        if (FeedbackText.Refusal(field, value) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    /// <summary>A title a person gives shows something: not only whitespace and zero-width characters (<see cref="FeedbackText.HasVisibleCharacter"/>).</summary>
    public static void Visible(this FieldErrors errors, string field, string? value)
    {
        if (FeedbackText.InvisibleRefusal(field, value) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    /// <summary>Optional repository address; <paramref name="allowEmpty"/> lets "" through to clear it.</summary>
    public static void GithubRepository(this FieldErrors errors, string field, string? value, bool allowEmpty)
    {
        if (value is null || (allowEmpty && value.Length == 0) || GithubRepoUrl.IsValid(value))
        {
            return;
        }
        errors.Add(field, $"{field} must look like {GithubRepoUrl.Expected} (no trailing path).");
    }

    [GeneratedRegex(@"^(?<ms>[0-9]{1,20})-(?<seq>[0-9]{1,20})\z", RegexOptions.CultureInvariant)]
    private static partial Regex StreamIdRegex();
}
