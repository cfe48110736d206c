namespace FeedbackFix.Clusters.Model;

/// <summary>The optional body of start_fix: the repository to fix, saved on the cluster too.</summary>
public sealed record StartFixRequest(string? GithubRepoUrl = null);
