namespace FeedbackFix.Contracts.Stats;

/// <summary><c>GET /stats</c>: feedback, clusters and jobs counted.</summary>
public sealed record StatsResponse(FeedbackStats Feedback, StatusCounts Clusters, StatusCounts Jobs);
