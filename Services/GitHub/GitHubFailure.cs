namespace FeedbackFix.GitHub;

/// <summary>
/// A GitHub call that failed, with a message a person can act on (it never contains the token).
/// <see cref="IsTransient"/> says whether trying the same thing later may succeed.
/// </summary>
public sealed class GitHubFailure(GitHubFailureKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public GitHubFailureKind Kind { get; } = kind;

    public bool IsTransient => Kind is GitHubFailureKind.RateLimited or GitHubFailureKind.Unavailable;

    /// <summary>For <see cref="GitHubFailureKind.RateLimited"/>: when GitHub says the limit resets, if it said.</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
