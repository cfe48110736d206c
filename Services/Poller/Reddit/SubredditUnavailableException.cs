using System.Net;

namespace FeedbackFix.Poller.Reddit;

/// <summary>Reddit will not list the subreddit (private, banned, missing: 403, 404 or a redirect to search); retrying will not help.</summary>
internal sealed class SubredditUnavailableException(string subreddit, HttpStatusCode status)
    : Exception($"Reddit will not list r/{subreddit}: {(int)status} {status}.")
{
    public string Subreddit { get; } = subreddit;

    public HttpStatusCode Status { get; } = status;
}
