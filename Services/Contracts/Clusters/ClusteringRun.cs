namespace FeedbackFix.Contracts.Clusters;

/// <summary>What <c>POST /clustering/run</c> did: how many items went back on the clustering queue.</summary>
public sealed record ClusteringRun(long Enqueued);
