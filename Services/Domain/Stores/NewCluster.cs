namespace FeedbackFix.Domain.Stores;

/// <summary>A cluster to open over items that are not yet in one.</summary>
public sealed record NewCluster(string Title, string Summary, IReadOnlyList<string> ItemIds, string? GithubRepoUrl = null);
