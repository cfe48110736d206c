namespace FeedbackFix.TestSupport;

/// <summary>A comment FakeGitHub recorded on an issue or pull request.</summary>
public sealed record FakeGitHubComment(string Owner, string Repo, int IssueNumber, long Id, string Body, string HtmlUrl, DateTimeOffset CreatedAt);
