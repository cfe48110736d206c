namespace FeedbackFix.GitHub;

public enum GitHubFailureKind
{
    MissingToken,
    BadCredentials,
    Forbidden,
    NotFound,
    Invalid,
    RateLimited,
    Unavailable,
}
