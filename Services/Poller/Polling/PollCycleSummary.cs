namespace FeedbackFix.Poller.Polling;

/// <summary>What one cycle over the configured subreddits did.</summary>
internal sealed record PollCycleSummary(int Subreddits, IReadOnlyList<string> Failed, int Fetched, int Ingested, int Duplicates);
