namespace FeedbackFix.Poller.Ingestion;

/// <summary>
/// Ingestion answered 400 (something in the batch is unusable) or 413 (the batch is larger than it
/// takes): sending the same batch again will not change that.
/// </summary>
internal sealed class IngestionRejectedException(int status, string problem)
    : Exception($"Ingestion answered {status} for the batch: {problem}");
