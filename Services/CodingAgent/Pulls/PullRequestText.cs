using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Pulls;

/// <summary>The words on the commit and the pull request.</summary>
internal static class PullRequestText
{
    /// <summary>
    /// "Fix #n: " and the issue's title, cut to GitHub's title limit: an issue's title may itself be
    /// as long as the limit, and GitHub refuses a longer pull request only after the work is pushed.
    /// </summary>
    public static string Title(GitHubIssueRef issue, string issueTitle) =>
        GitHubLimits.FitTitle(FormattableString.Invariant($"Fix #{issue.Number}: {issueTitle}"));

    /// <summary>
    /// Starts with the closing keyword, so merging the pull request closes the issue. Well inside
    /// <see cref="GitHubLimits.BodyMaxLength"/>: every part is bounded (repository names by GitHub,
    /// the job and cluster ids by the id rule, at most 64 characters).
    /// </summary>
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
