namespace FeedbackFix.Clustering.Labeling;

/// <summary>What the summariser is given for one cluster in a <see cref="SummaryRound"/>.</summary>
internal sealed record SummaryRequest(string ClusterId, IReadOnlyList<LabelItem> Items, float[] Centroid, ClusterFacts Facts);
