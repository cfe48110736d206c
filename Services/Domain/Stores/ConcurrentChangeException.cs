namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A compare-and-set write that lost to other writers every time it tried: the record is busy,
/// and the caller may simply try again.
/// </summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
