namespace FeedbackFix.Ingestion.Model;

public sealed record SubredditList(IReadOnlyList<string> Subreddits);
