using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Dashboard.Components.Clusters;

/// <summary>Reports the API moved to <paramref name="Target"/>: they have left the cluster they were shown in.</summary>
public sealed record ReportsMoved(IssueCluster Target, IReadOnlyList<string> FeedbackIds);
