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

    /// <summary>How many of the cluster's reports came from each source, e.g. <c>{"reddit": 3, "manual": 1}</c>.</summary>
    /// <remarks>Empty for a cluster that has not been counted yet (written before the counts existed).</remarks>
    public IReadOnlyDictionary<string, long> Sources { get; init; } = SourceCounts.Empty;

    /// <summary>The earliest <c>created_at</c> of the cluster's reports; absent while not counted yet.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>The latest <c>created_at</c> of the cluster's reports; absent while not counted yet.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>
    /// How strongly the cluster is rising now: recent reports weighed against its own baseline, decaying
    /// with age (0 when nothing was reported in the last 30 days); the order of <c>sort=trend</c>.
    /// </summary>
    public double Trend { get; init; }

    /// <summary>Whether the current UTC day's reports are at least 3 and at least 3 times the mean of the 29 days before.</summary>
    public bool Escalating { get; init; }

    /// <summary>Reports per UTC day of their <c>created_at</c>, 30 numbers, oldest first; the last is the current UTC day.</summary>
    public IReadOnlyList<long> DailyCounts { get; init; } = Clusters.DailyCounts.Empty;
}
