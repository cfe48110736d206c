using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Dashboard.Tests;

/// <summary>API records as the clusters service answers them, with what a test does not care about filled in.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Then = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static IssueCluster Cluster(string id = "c1", ClusterStatus status = ClusterStatus.New, string? repo = null, string? activeJobId = null) => new()
    {
        Id = id,
        Title = "Export to CSV drops the last row",
        Summary = "Exports are one row short.",
        Status = status,
        CreatedAt = Then,
        UpdatedAt = Then.AddHours(2),
        Size = 3,
        GithubRepoUrl = repo,
        ActiveJobId = activeJobId,
        Sources = new SourceCounts([new("reddit", 2), new("manual", 1)]),
        FirstSeen = Then,
        LastSeen = Then.AddHours(2),
    };

    public static ClusterDetailResponse Detail(IssueCluster cluster, string? itemsNextCursor = null, params FeedbackItem[] items) =>
        new(cluster, items, itemsNextCursor);

    public static FeedbackItem Report(string id, FeedbackSource source = FeedbackSource.Reddit, string? url = null, string body = "Every export is one row short.") =>
        new(id, source, null, $"Report {id}", body, url, "ada", Then, Then, "c1", null);

    public static AgentJob Job(string id, JobStatus status, string? prUrl = null) => new()
    {
        Id = id,
        ClusterId = "c1",
        Status = status,
        Attempt = 1,
        Launcher = "process",
        RepoUrl = "https://github.com/acme/app",
        PrUrl = prUrl,
        CreatedAt = Then,
        UpdatedAt = Then.AddMinutes(5),
    };

    public static Page<AgentJob> Jobs(params AgentJob[] jobs) => new(jobs, null);
}
