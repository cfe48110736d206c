using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Domain.Stores;

public enum JobCreationOutcome
{
    Created,
    ClusterNotFound,
    /// <summary>The cluster's status does not allow a fix now (a job is active, or it is fixed or ignored).</summary>
    ClusterBusy,
}

/// <summary>
/// A new job with its token in plain text: the only moment the token exists outside its hash.
/// </summary>
public sealed record JobCreation(JobCreationOutcome Outcome, AgentJob? Job, string? Token, IssueCluster? Cluster);
