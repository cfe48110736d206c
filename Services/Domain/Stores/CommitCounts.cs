namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What a membership commit writes besides the members: each touched cluster's size, counted from the
/// members Redis holds and the change (never told by the caller, whose view may lack members), its
/// counts and its reports by day.
/// </summary>
internal sealed record CommitCounts(
    Dictionary<string, long> Sizes, Dictionary<string, ClusterStats> Stats, Dictionary<string, ClusterDailyCounts> Daily);
