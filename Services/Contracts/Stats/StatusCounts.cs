namespace FeedbackFix.Contracts.Stats;

/// <summary>Records in all and by status name.</summary>
public sealed record StatusCounts(long Total, IReadOnlyDictionary<string, long> ByStatus);
