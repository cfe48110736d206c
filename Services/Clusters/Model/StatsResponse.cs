namespace FeedbackFix.Clusters.Model;

public sealed record StatsResponse(FeedbackStats Feedback, StatusCounts Clusters, StatusCounts Jobs);

public sealed record FeedbackStats(long Total, long Unclustered, IReadOnlyDictionary<string, long> BySource);

public sealed record StatusCounts(long Total, IReadOnlyDictionary<string, long> ByStatus);
