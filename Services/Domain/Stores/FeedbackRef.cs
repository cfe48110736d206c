namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What storing a piece of feedback gave: its id, whether it was new or a duplicate, whether a
/// known item's text was replaced (<see cref="FeedbackStore.AddOrUpdateAsync"/>), and whether the
/// duplicate's report has been deleted since, which it is never stored again after.
/// </summary>
public sealed record FeedbackRef(string Id, bool Created, bool Updated = false, bool Deleted = false);
