using System.Text;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>Makes free text fit a label: one line, bounded length.</summary>
internal static class LabelText
{
    /// <summary>
    /// Whitespace runs (newlines and control characters included) become one space; the ends are trimmed;
    /// the bidirectional overrides and isolates no text of ours may hold (<see cref="FeedbackText"/>) go,
    /// so a person editing the label is not refused for a character they cannot see.
    /// </summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (FeedbackText.IsForbidden(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> characters, at a word break
    /// when one is near, with an ellipsis; never splits a surrogate pair.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        var space = text.LastIndexOf(' ', cut - 1, cut);
        if (space >= cut * 2 / 3)
        {
            cut = space;
        }
        else if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "\u2026");
    }

    /// <summary>The first line of <paramref name="text"/> that has something on it, as one line.</summary>
    public static string FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                return OneLine(line.ToString());
            }
        }

        return "";
    }
}
