using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>A cluster as the API shows it.</summary>
public record ClusterResponse(
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
    string? ActiveJobId)
{
    public static ClusterResponse From(IssueCluster cluster) => new(
        cluster.Id, cluster.Title, cluster.Summary, cluster.Status, cluster.CreatedAt, cluster.UpdatedAt, cluster.Size,
        cluster.GithubRepoUrl, cluster.IssueTitle, cluster.IssueDescription, cluster.IssueUrl, cluster.ActiveJobId);
}
