namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// A cluster's one-line title (at most 300 characters) and the generated lead of its summary (key
/// terms, or a chat model's sentences). The summary is the lead followed by the counts sentence
/// (<see cref="Summary"/>); the lead is kept apart so that sentence can follow every change of the
/// cluster's size without the lead being computed again.
/// </summary>
public sealed record ClusterLabel(string Title, string Lead)
{
    public const int MaxTitleLength = 300;
    public const int MaxSummaryLength = 999;

    /// <summary>Least room a lead keeps before the counts sentence, however long that is.</summary>
    private const int MinLeadLength = 80;

    /// <summary>This label's summary with <paramref name="facts"/>.</summary>
    public string Summary(ClusterFacts facts) => Compose(Lead, facts);

    /// <summary>
    /// The plain-text summary (under 1,000 characters, one line): <paramref name="lead"/>, cut to leave
    /// room, then the counts sentence of <paramref name="facts"/>.
    /// </summary>
    public static string Compose(string lead, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var sentence = facts.Sentence();
        var text = LabelText.OneLine(lead);
        if (text.Length > 0)
        {
            var room = Math.Max(MaxSummaryLength - sentence.Length - 1, MinLeadLength);
            text = LabelText.Truncate(text, room) + " ";
        }
        return LabelText.Truncate(text + sentence, MaxSummaryLength);
    }
}
