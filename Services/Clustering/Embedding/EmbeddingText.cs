using System.Text;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Embedding;

/// <summary>What is embedded for a feedback item: the one place that decides it.</summary>
public static class EmbeddingText
{
    /// <summary>
    /// About 256 word pieces of English: the window all-MiniLM-L6-v2 was trained on (its package
    /// cuts at 512). The opening of a report says what it is about; the rest (stack traces, logs)
    /// mostly adds noise, and in a MiniLM batch every text pays for the longest one.
    /// </summary>
    public const int MaxLength = 1_000;

    /// <summary>The title, then the body (unless it only repeats the title), whitespace collapsed, cut at <see cref="MaxLength"/> on a word boundary.</summary>
    public static string For(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return For(item.Title, item.Body);
    }

    public static string For(string? title, string? body)
    {
        var head = Collapse(title);
        var rest = Collapse(body);
        // Sentry messages and short posts often repeat the title as the body's opening.
        var text = head.Length == 0 ? rest
            : rest.Length == 0 ? head
            : rest.StartsWith(head, StringComparison.OrdinalIgnoreCase) ? rest
            : head + "\n" + rest;
        return Cut(text);
    }

    private static string Collapse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxLength + 1));
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            if (builder.Length > MaxLength)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxLength);
        var end = cut >= MaxLength / 2 ? cut : MaxLength;
        // Never split a surrogate pair.
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end].TrimEnd();
    }
}
