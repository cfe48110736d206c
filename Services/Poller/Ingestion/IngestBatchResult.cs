namespace FeedbackFix.Poller.Ingestion;

/// <summary>One post of an accepted batch: its feedback id, its fullname, and whether Ingestion had it already.</summary>
internal sealed record IngestBatchResult(string Id, string ExternalId, bool Duplicate);
