namespace FeedbackFix.Domain.Model;

/// <summary>A group of feedback items about one problem, as stored in <c>cluster:{id}</c>.</summary>
public sealed record IssueCluster(
    string Id,
    string Title,
    string Summary,
    ClusterStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Size,
    string? GithubRepoUrl,
    string? IssueTitle,
    string? IssueDescription,
    string? IssueUrl,
    string? ActiveJobId);
