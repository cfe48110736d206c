using System.Globalization;

namespace FeedbackFix.Domain.Model;

/// <summary>
/// Which characters feedback text may hold; every source that refuses bad text checks against
/// this. Control characters (C0 but tab, newline and carriage return; DEL; C1) corrupt terminals
/// and logs, and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) make text
/// read differently from what it is ("Trojan Source"); neither belongs in a report.
/// </summary>
public static class FeedbackText
{
    /// <summary>The first character text may not hold, or null when it is clean.</summary>
    public static char? FirstForbidden(string? text)
    {
        foreach (var c in text ?? "")
        {
            if (IsForbidden(c))
            {
                return c;
            }
        }
        return null;
    }

    public static bool IsForbidden(char c) =>
        (c < '\u0020' && c is not ('\t' or '\n' or '\r'))
        || c is >= '\u007F' and <= '\u009F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    /// <summary>Whether text shows anything: not only whitespace and zero-width characters (U+200B-U+200D, U+2060, U+FEFF).</summary>
    public static bool HasVisibleCharacter(string? text) =>
        (text ?? "").Any(c => !char.IsWhiteSpace(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'));

    /// <summary>What a person is told when <paramref name="field"/> holds text that shows nothing (not blank, but no <see cref="HasVisibleCharacter"/>); null otherwise.</summary>
    public static string? InvisibleRefusal(string field, string? text) =>
        !string.IsNullOrWhiteSpace(text) && !HasVisibleCharacter(text)
            ? $"{field} must have a visible character, not only whitespace or zero-width characters."
            : null;

    /// <summary>How a refused character is named in an error: <c>U+001B</c>.</summary>
    public static string Name(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>What a person is told when <paramref name="field"/> holds a character text may not hold; null when it is clean.</summary>
    public static string? Refusal(string field, string? text) =>
        FirstForbidden(text) is { } c
            ? $"{field} must not hold control characters or bidirectional overrides; it has {Name(c)}."
            : null;

    /// <summary>
    /// The text without the characters it may not hold: for sources whose reports are kept rather than
    /// refused (a webhook's sender or a polled site cannot be asked to send them again).
    /// </summary>
    public static string Without(string text) =>
        FirstForbidden(text) is null ? text : string.Concat(text.Where(c => !IsForbidden(c)));
}
