namespace FeedbackFix.TestSupport;

/// <summary>An issue FakeGitHub created.</summary>
public sealed record FakeGitHubIssue(
    string Owner,
    string Repo,
    int Number,
    long Id,
    string Title,
    string? Body,
    IReadOnlyList<string> Labels,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    string State = "open");
