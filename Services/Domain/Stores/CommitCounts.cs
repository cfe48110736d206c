namespace FeedbackFix.Domain.Stores;

/// <summary>What a membership commit writes besides the members: each touched cluster's counts and its reports by day.</summary>
internal sealed record CommitCounts(Dictionary<string, ClusterStats> Stats, Dictionary<string, ClusterDailyCounts> Daily);
