namespace FeedbackFix.Clusters.Model;

/// <summary>PATCH /clusters/{id}: a field left out stays as it is; "" clears an optional one.</summary>
public sealed record ClusterPatch(
    string? Title = null,
    string? Summary = null,
    string? Status = null,
    string? GithubRepoUrl = null,
    string? IssueTitle = null,
    string? IssueDescription = null)
{
    public bool IsEmpty => this == new ClusterPatch();
}
