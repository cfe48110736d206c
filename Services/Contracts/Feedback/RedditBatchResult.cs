namespace FeedbackFix.Contracts.Feedback;

/// <summary>One post of a batch: its feedback id, the Reddit fullname, and whether it was seen before.</summary>
public sealed record RedditBatchResult(string Id, string ExternalId, bool Duplicate);
