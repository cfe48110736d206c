namespace FeedbackFix.Clustering.Labeling;

/// <summary>A cluster's one-line title (at most 300 characters) and plain-text summary (under 1,000).</summary>
public sealed record ClusterLabel(string Title, string Summary)
{
    public const int MaxTitleLength = 300;
    public const int MaxSummaryLength = 999;
}
