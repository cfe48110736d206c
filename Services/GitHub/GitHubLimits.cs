using System.Globalization;

namespace FeedbackFix.GitHub;

/// <summary>
/// The lengths GitHub accepts in what we write, and the one way we cut text to fit them. Over a
/// limit GitHub answers 422 Validation Failed, which no retry cures, so the text has to fit before
/// it is sent.
/// </summary>
/// <remarks>
/// GitHub counts characters (Unicode code points); these limits are held against .NET's
/// <see cref="string.Length"/> (UTF-16 code units), which is never fewer, so text within them is
/// within GitHub's.
/// </remarks>
public static class GitHubLimits
{
    /// <summary>An issue's or a pull request's title: 422 "title is too long (maximum is 256 characters)".</summary>
    public const int TitleMaxLength = 256;

    /// <summary>An issue's, a pull request's or a comment's body: 422 "body is too long (maximum is 65536 characters)".</summary>
    public const int BodyMaxLength = 65_536;

    /// <summary>Ends a text that was cut.</summary>
    public const string Ellipsis = "…";

    /// <summary><paramref name="title"/> cut to <see cref="TitleMaxLength"/> (<see cref="Shorten"/>).</summary>
    public static string FitTitle(string title) => Shorten(title, TitleMaxLength);

    /// <summary>
    /// <paramref name="text"/> itself when it is at most <paramref name="maxLength"/> long; otherwise
    /// as much of its beginning as fits before <see cref="Ellipsis"/>, cut between whole characters as
    /// a reader sees them (never inside a surrogate pair or before a combining mark).
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var room = maxLength - Ellipsis.Length;
        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > room)
            {
                break;
            }
            end = next;
        }
        return string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis);
    }
}
