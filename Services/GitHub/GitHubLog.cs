using Microsoft.Extensions.Logging;

namespace FeedbackFix.GitHub;

internal static partial class GitHubLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "GitHub {Operation}: waiting {Delay} before retry {Attempt} of {MaxRetries}: {Reason}")]
    public static partial void WaitingBeforeRetry(ILogger logger, string operation, TimeSpan delay, int attempt, int maxRetries, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "GitHub {Operation} failed after {MaxRetries} retries: {Reason}")]
    public static partial void RetriesExhausted(ILogger logger, string operation, int maxRetries, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "GitHub {Operation} failed ({Kind}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, GitHubFailureKind kind, string reason);
}
