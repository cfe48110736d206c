namespace FeedbackFix.Clusters.Apis;

/// <summary>What the ids in this service's paths are, in the words the API description gives them.</summary>
internal static class Parameters
{
    public const string ClusterId = "The cluster's id.";

    public const string ClusterIdLeading = "The cluster's id; the id of a cluster merged into another answers for the cluster that absorbed it.";

    public const string JobId = "The job's id.";
}
