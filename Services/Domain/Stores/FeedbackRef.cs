namespace FeedbackFix.Domain.Stores;

/// <summary>What storing a piece of feedback gave: its id, and whether it was new or a duplicate.</summary>
public sealed record FeedbackRef(string Id, bool Created);
