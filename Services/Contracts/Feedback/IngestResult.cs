namespace FeedbackFix.Contracts.Feedback;

/// <summary>The answer to one ingested item: its id, and whether it had been stored before.</summary>
public sealed record IngestResult(string Id, bool Duplicate);
