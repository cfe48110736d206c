namespace FeedbackFix.Poller.Reddit;

/// <summary>
/// The fields of a listing's <c>data</c> object that Ingestion's <c>POST /ingest/reddit</c> takes;
/// read from Reddit and sent on unchanged (snake_case both ways).
/// </summary>
internal sealed record RedditPost(
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
