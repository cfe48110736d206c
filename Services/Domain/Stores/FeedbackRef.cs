namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What storing a piece of feedback gave: its id, whether it was new or a duplicate, and whether a
/// known item's text was replaced (<see cref="FeedbackStore.AddOrUpdateAsync"/>).
/// </summary>
public sealed record FeedbackRef(string Id, bool Created, bool Updated = false);
