namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// A cluster merged into another whose merge can still be undone, as it was when merged: its title
/// (empty while the worker had not labelled it yet) and its size then, when, and by whom (a person,
/// or <c>worker</c>).
/// </summary>
public sealed record MergedCluster(string Id, string? Title = null, long? Size = null, DateTimeOffset? MergedAt = null, string? MergedBy = null);
