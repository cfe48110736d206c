namespace FeedbackFix.Clustering.Grouping;

/// <summary>An item in a cluster with its unit-length vector.</summary>
internal readonly record struct Member(string ItemId, float[] Vector);
