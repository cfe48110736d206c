namespace FeedbackFix.Contracts.Sources;

/// <summary>The subreddits the poller reads, sorted.</summary>
public sealed record SubredditList(IReadOnlyList<string> Subreddits);
