namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Splits text into the terms c-TF-IDF counts: lower-case words of at least three characters that
/// are neither stop words nor pure numbers, and bigrams of adjacent such words. A number may stand
/// in a bigram ("android 14") though never alone. A stop word, a dropped token or punctuation other
/// than a hyphen, underscore or slash breaks adjacency: "crash, login" is not a bigram.
/// </summary>
internal static class TermTokenizer
{
    public const int MinTermLength = 3;

    /// <summary>Longer tokens are hashes, base64 or minified code: noise, and costly to keep.</summary>
    public const int MaxTermLength = 40;

    /// <summary>Only the start of a long body counts, which bounds the vocabulary a stack trace brings.</summary>
    public const int MaxWordsPerText = 1_000;

    private enum Kind
    {
        Dropped,
        Number,
        Term,
    }

    /// <summary>The terms of <paramref name="text"/> in order, repeated as often as they occur.</summary>
    public static List<string> Terms(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        string? previous = null;
        var previousKind = Kind.Dropped;
        var words = 0;
        var i = 0;
        while (i < text.Length && words < MaxWordsPerText)
        {
            if (!IsWordChar(text, i))
            {
                if (!char.IsWhiteSpace(text[i]) && text[i] is not ('-' or '_' or '/'))
                {
                    previous = null;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            words++;
            var (word, kind) = Classify(text.AsSpan(start, i - start));
            if (kind == Kind.Term)
            {
                terms.Add(word!);
            }

            if (kind != Kind.Dropped && previous is not null && (kind == Kind.Term || previousKind == Kind.Term))
            {
                terms.Add(string.Concat(previous, " ", word));
            }

            (previous, previousKind) = kind == Kind.Dropped ? (null, Kind.Dropped) : (word, kind);
        }

        return terms;
    }

    /// <summary>Letters and digits, and an apostrophe between two letters ("don't", "user's").</summary>
    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        return c is '\'' or '\u2019'
            && i > 0 && char.IsLetter(text[i - 1])
            && i + 1 < text.Length && char.IsLetter(text[i + 1]);
    }

    private static (string? Word, Kind Kind) Classify(ReadOnlySpan<char> raw)
    {
        if (raw.Length > MaxTermLength)
        {
            return (null, Kind.Dropped);
        }

        Span<char> lower = stackalloc char[raw.Length];
        for (var k = 0; k < raw.Length; k++)
        {
            lower[k] = raw[k] == '\u2019' ? '\'' : char.ToLowerInvariant(raw[k]);
        }

        if (lower.EndsWith("'s"))
        {
            lower = lower[..^2];
        }

        if (!lower.ContainsAnyExcept("0123456789"))
        {
            return (lower.ToString(), Kind.Number);
        }

        if (lower.Length < MinTermLength)
        {
            return (null, Kind.Dropped);
        }

        return StopWords.Lookup.Contains(lower) ? (null, Kind.Dropped) : (lower.ToString(), Kind.Term);
    }
}
