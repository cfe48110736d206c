namespace FeedbackFix.Contracts.Clusters;

/// <summary>A group of feedback items about one problem.</summary>
/// <remarks>Not sealed: <see cref="ClusterDetailResponse"/> is a cluster with a page of its items.</remarks>
public record IssueCluster
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required ClusterStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required long Size { get; init; }
    public string? GithubRepoUrl { get; init; }
    public string? IssueTitle { get; init; }
    public string? IssueDescription { get; init; }
    public string? IssueUrl { get; init; }

    /// <summary>The job a <c>fixing</c> cluster waits on.</summary>
    public string? ActiveJobId { get; init; }
}
