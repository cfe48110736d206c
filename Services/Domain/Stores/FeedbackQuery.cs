using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Domain.Stores;

/// <summary>A page of feedback, newest first, optionally of one source or only the unclustered.</summary>
public sealed record FeedbackQuery(FeedbackSource? Source = null, bool? Unclustered = null, PageCursor? After = null, int Limit = 50);
