namespace FeedbackFix.Domain.Model;

public enum FeedbackSource
{
    Reddit,
    Sentry,
    Github,
    Manual,
}
