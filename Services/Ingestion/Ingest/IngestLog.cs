using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Ingestion.Ingest;

/// <summary>Ingestion's log messages, source-generated so a busy ingest path pays nothing when they are off.</summary>
public sealed partial class IngestLog(ILogger<IngestLog> logger)
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored feedback {FeedbackId} from {Source}")]
    public partial void Stored(string feedbackId, FeedbackSource source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Duplicate {Source} feedback {ExternalId} is {FeedbackId}")]
    public partial void Duplicate(FeedbackSource source, string? externalId, string feedbackId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Updated feedback {FeedbackId} from {Source} {ExternalId} in place")]
    public partial void Updated(string feedbackId, FeedbackSource source, string? externalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored a batch of {Count} Reddit posts: {Created} new, {Duplicates} duplicate")]
    public partial void RedditBatch(int count, int created, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Setting} is not set")]
    public partial void WebhookNotConfigured(FeedbackSource source, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Reason}")]
    public partial void WebhookUnauthorized(FeedbackSource source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued GitHub pull request {Repository}#{Number} {Action} (delivery {DeliveryId}, duplicate {Duplicate})")]
    public partial void PullRequestQueued(string repository, long number, string action, string deliveryId, bool duplicate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {Source} webhook: {Reason}")]
    public partial void WebhookIgnored(FeedbackSource source, string reason);
}
