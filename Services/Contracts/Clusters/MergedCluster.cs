namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// A cluster merged into another whose merge can still be undone, as it was when merged: its title
/// and size then, when and by whom (a person's key name, or <c>worker</c>). A merge made before these
/// were kept has its id alone.
/// </summary>
public sealed record MergedCluster(string Id, string? Title = null, long? Size = null, DateTimeOffset? MergedAt = null, string? MergedBy = null);
