namespace FeedbackFix.Clustering.Grouping;

/// <summary>An item that refinement moved from one cluster to another.</summary>
public sealed record ItemMove(string ItemId, string FromClusterId, string ToClusterId);
