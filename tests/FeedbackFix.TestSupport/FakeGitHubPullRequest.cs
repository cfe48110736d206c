namespace FeedbackFix.TestSupport;

/// <summary>A pull request FakeGitHub opened.</summary>
/// <param name="Head">The head label as GitHub reports it, <c>{owner}:{branch}</c>, whatever form was posted.</param>
/// <param name="HeadRef">The head branch alone.</param>
public sealed record FakeGitHubPullRequest(
    string Owner,
    string Repo,
    int Number,
    long Id,
    string Title,
    string? Body,
    string Head,
    string HeadRef,
    string Base,
    bool Draft,
    string HtmlUrl,
    DateTimeOffset CreatedAt,
    string State = "open");
