using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Tests.Labeling;

/// <summary>Builds the items and corpora labelling tests arrange.</summary>
internal static class LabelItems
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    public static LabelItem Item(
        string id,
        string title,
        string body = "",
        FeedbackSource source = FeedbackSource.Reddit,
        DateTimeOffset? createdAt = null,
        float[]? vector = null) =>
        new(id, title, body, source, createdAt ?? Start, vector);

    /// <summary>A corpus holding each cluster's items, as the worker keeps it.</summary>
    public static TermStatistics Corpus(params (string ClusterId, IReadOnlyList<LabelItem> Items)[] clusters)
    {
        var corpus = new TermStatistics();
        foreach (var (clusterId, items) in clusters)
        {
            foreach (var item in items)
            {
                corpus.Add(clusterId, item.Text);
            }
        }

        return corpus;
    }
}
