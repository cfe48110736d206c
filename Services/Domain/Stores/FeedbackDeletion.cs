namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What a deletion of reports did: the ones deleted, the ids that named no report, and the ones kept
/// because their cluster is fixing (report id to that cluster), which may be deleted once the fix ends.
/// </summary>
public sealed record FeedbackDeletion(
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> NotFound,
    IReadOnlyDictionary<string, string> KeptWhileFixing);
