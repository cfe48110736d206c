namespace FeedbackFix.Poller.Ingestion;

/// <summary>Ingestion's 200 answer to a batch.</summary>
internal sealed record IngestBatchResponse(IReadOnlyList<IngestBatchResult> Results, int Created, int Duplicates);
