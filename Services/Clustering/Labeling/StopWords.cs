using System.Collections.Frozen;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Common English function words, plus the pieces of web addresses, which say nothing about what a
/// cluster is about. Contractions appear as the tokenizer spells them (apostrophes kept).
/// </summary>
internal static class StopWords
{
    public static readonly FrozenSet<string> English = new[]
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing",
        "don't", "down", "during", "each", "even", "every", "few", "for", "from", "further", "get", "gets",
        "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "her", "here", "hers",
        "herself", "him", "himself", "his", "how", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let", "let's", "like", "many", "may",
        "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off",
        "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "please",
        "really", "same", "shall", "she", "should", "shouldn't", "since", "so", "some", "still", "such",
        "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's",
        "these", "they", "they're", "this", "those", "through", "thus", "to", "too", "under", "until", "up",
        "upon", "us", "very", "was", "wasn't", "we", "we're", "we've", "were", "weren't", "what", "what's",
        "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
        "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your", "yours",
        "yourself", "yourselves",
        "http", "https", "www", "com", "org", "html",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Looks a span up without allocating a string for it.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        English.GetAlternateLookup<ReadOnlySpan<char>>();
}
