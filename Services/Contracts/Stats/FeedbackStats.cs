namespace FeedbackFix.Contracts.Stats;

/// <summary>Feedback in all, not yet in a cluster, and by source name.</summary>
public sealed record FeedbackStats(long Total, long Unclustered, IReadOnlyDictionary<string, long> BySource);
