namespace FeedbackFix.Contracts.Sources;

/// <summary>A configured subreddit, as stored: lower-case, without "r/".</summary>
public sealed record SubredditResponse(string Name);
