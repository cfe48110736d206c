using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Edits to a cluster; null leaves a field as it is, an empty string clears an optional one.
/// </summary>
public sealed record ClusterChanges(
    string? Title = null,
    string? Summary = null,
    ClusterStatus? Status = null,
    string? GithubRepoUrl = null,
    string? IssueTitle = null,
    string? IssueDescription = null,
    string? IssueUrl = null);
