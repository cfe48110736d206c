using Microsoft.Extensions.Logging;

namespace FeedbackFix.ServiceDefaults.Idempotency;

internal static partial class IdempotencyLog
{
    public const string Category = "FeedbackFix.Idempotency";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idempotency key in {Scope} answered again with {Status}")]
    public static partial void Replayed(this ILogger logger, string scope, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency key in {Scope} is still in progress; answering 409")]
    public static partial void InProgress(this ILogger logger, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency key in {Scope} was used for another request; answering 422")]
    public static partial void Mismatch(this ILogger logger, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer {Status} for an idempotency key in {Scope} was not kept; a repeat waits for the claim to lapse")]
    public static partial void AnswerNotKept(this ILogger logger, Exception exception, string scope, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A claim on an idempotency key in {Scope} was not released; it lapses after its lease")]
    public static partial void ClaimNotReleased(this ILogger logger, Exception exception, string scope);
}
