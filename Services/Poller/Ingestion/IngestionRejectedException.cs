namespace FeedbackFix.Poller.Ingestion;

/// <summary>Ingestion answered 400: something in the batch is unusable, and sending it again will not change that.</summary>
internal sealed class IngestionRejectedException(string problem)
    : Exception($"Ingestion rejected the batch: {problem}");
