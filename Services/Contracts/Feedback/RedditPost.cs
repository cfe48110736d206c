using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Contracts.Feedback;

/// <summary>
/// A Reddit post in the shape of a listing entry's <c>data</c> object (kind t3): what the poller
/// reads from Reddit and sends on to <c>POST /ingest/reddit</c> unchanged.
/// </summary>
public sealed record RedditPost(
    [property: Required] string? Name,
    [property: Required] string? Title,
    string? Selftext = null,
    string? Url = null,
    string? Permalink = null,
    string? Author = null,
    string? Subreddit = null,
    double? CreatedUtc = null,
    long? Score = null,
    long? NumComments = null);
