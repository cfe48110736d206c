using FeedbackFix.CodingAgent.Reporting;
using FeedbackFix.GitHub;

namespace FeedbackFix.CodingAgent.Settings;

/// <summary>Everything one run needs, read and checked from the environment by <see cref="AgentSettingsReader"/>.</summary>
internal sealed record AgentSettings
{
    public required ReportingTarget Target { get; init; }

    public required GitHubIssueRef Issue { get; init; }

    public required GitHubRepository Repository { get; init; }

    public required string ClusterId { get; init; }

    public required string AgentCommand { get; init; }

    public required string GitHubToken { get; init; }

    public required Uri GitHubApiUrl { get; init; }

    /// <summary>Ends in '/'; the clone URL is <c>{GitBaseUrl}{owner}/{repo}.git</c>.</summary>
    public required Uri GitBaseUrl { get; init; }

    public required LogBatching Batching { get; init; }

    public required ReportRetry ReportRetry { get; init; }

    public required TimeSpan CommandTimeout { get; init; }

    public required TimeSpan GitTimeout { get; init; }

    public required string AuthorName { get; init; }

    public required string AuthorEmail { get; init; }

    /// <summary>Null: the remote's default branch.</summary>
    public string? BaseBranch { get; init; }

    /// <summary>0: the whole history.</summary>
    public int CloneDepth { get; init; }

    /// <summary>What the person who started the fix asked of the agent, besides the issue; null when nothing.</summary>
    public string? Instructions { get; init; }

    public string JobId => Target.JobId;

    public string Branch => $"feedbackfix/job-{JobId}";

    public Uri CloneUrl => new(GitBaseUrl, $"{Uri.EscapeDataString(Repository.Owner)}/{Uri.EscapeDataString(Repository.Name)}.git");

    /// <summary>Never prints a token.</summary>
    public override string ToString() => $"AgentSettings {{ JobId = {JobId}, Issue = {Issue}, Repository = {Repository}, ClusterId = {ClusterId} }}";
}
