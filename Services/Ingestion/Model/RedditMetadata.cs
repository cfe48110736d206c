namespace FeedbackFix.Ingestion.Model;

/// <summary>What a Reddit post keeps beyond the common feedback fields, stored as the item's metadata.</summary>
public sealed record RedditMetadata(
    string? Subreddit,
    long? Score,
    long? NumComments,
    string? LinkUrl,
    bool? BodyTruncated);
