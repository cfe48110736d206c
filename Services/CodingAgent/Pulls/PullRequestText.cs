using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Pulls;

/// <summary>The words on the commit and the pull request.</summary>
internal static class PullRequestText
{
    public static string Title(GitHubIssueRef issue, string issueTitle) => $"Fix #{issue.Number}: {issueTitle}";

    /// <summary>Starts with the closing keyword, so merging the pull request closes the issue.</summary>
    public static string Body(GitHubIssueRef issue, GitHubRepository repository, string jobId, string clusterId)
    {
        // "Fixes #n" only reaches an issue in the same repository; another repository's issue needs its full name.
        var reference = issue.Repository.ToString().Equals(repository.ToString(), StringComparison.OrdinalIgnoreCase)
            ? $"#{issue.Number}"
            : issue.ToString();
        return $"""
            Fixes {reference}

            Issue: {issue.WebUrl}

            Opened by the FeedbackFix coding agent for job `{jobId}` (feedback cluster `{clusterId}`).
            """;
    }
}
