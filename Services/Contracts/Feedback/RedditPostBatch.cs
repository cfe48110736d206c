namespace FeedbackFix.Contracts.Feedback;

/// <summary>The batch form of <c>POST /ingest/reddit</c>: <c>{"posts": [...]}</c>, 1-100 posts.</summary>
public sealed record RedditPostBatch(IReadOnlyList<RedditPost?>? Posts);
