namespace FeedbackFix.Clustering.Grouping;

/// <summary>Where <see cref="ClusterSpace.Assign"/> put an item; <paramref name="Opened"/> when the cluster is new.</summary>
public sealed record Assignment(string ClusterId, bool Opened);
