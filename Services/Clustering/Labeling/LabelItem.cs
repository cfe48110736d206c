using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Clustering.Labeling;

/// <summary>What labelling needs of one clustered item; <paramref name="Vector"/> is its embedding when known.</summary>
public sealed record LabelItem(string Id, string Title, string Body, FeedbackSource Source, DateTimeOffset CreatedAt, float[]? Vector)
{
    /// <summary>The text whose terms count towards the cluster when the corpus does not hold it yet.</summary>
    public string Text => $"{Title}\n{Body}";
}
