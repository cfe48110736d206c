namespace FeedbackFix.Contracts.Feedback;

/// <summary>The answer to a batch of Reddit posts: one result per post, in the order sent.</summary>
public sealed record RedditBatchResponse(IReadOnlyList<RedditBatchResult> Results, int Created, int Duplicates);
