namespace FeedbackFix.Ingestion.Model;

/// <summary>A post in the shape of the <c>data</c> object of a Reddit listing entry (kind t3).</summary>
public sealed record RedditPost(
    string? Name,
    string? Title,
    string? Selftext = null,
    string? Url = null,
    string? Permalink = null,
    string? Author = null,
    string? Subreddit = null,
    double? CreatedUtc = null,
    long? Score = null,
    long? NumComments = null);
