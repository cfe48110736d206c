namespace FeedbackFix.Clusters.Model;

/// <summary>POST /jobs: a job for a cluster that the caller runs itself.</summary>
public sealed record CreateJobRequest(string? ClusterId = null, string? GithubRepoUrl = null);
