namespace FeedbackFix.Contracts.Feedback;

/// <summary>
/// The answer to one ingested item: its id, and whether it had been stored before. <c>updated</c>
/// is true when a webhook's edit replaced a stored item's text (GitHub <c>issues</c> <c>edited</c>).
/// <c>deleted</c> is true when it had been stored before and a person (or retention) has deleted it
/// since: it is not stored again, and its id no longer names a report.
/// </summary>
public sealed record IngestResult(string Id, bool Duplicate, bool? Updated = null, bool? Deleted = null);
