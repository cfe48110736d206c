namespace FeedbackFix.Contracts.Clusters;

/// <summary>The optional body of <c>POST /clusters/{id}/start_fix</c>: the repository to fix, saved on the cluster too.</summary>
public sealed record StartFixRequest(string? GithubRepoUrl = null);
