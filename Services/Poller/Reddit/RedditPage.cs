using FeedbackFix.Contracts.Feedback;

namespace FeedbackFix.Poller.Reddit;

/// <summary>A listing page reduced to what the poller walks with: posts newest first, and the cursors.</summary>
internal sealed record RedditPage(IReadOnlyList<RedditPost> Posts, string? After, string? Before);
