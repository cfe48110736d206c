using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Domain.Stores;

public enum PullRequestOutcomeKind
{
    /// <summary>The job's pull request now stands as the delivery says (it may have already).</summary>
    Applied,
    /// <summary>No job opened this pull request: not ours.</summary>
    UnknownPullRequest,
    /// <summary>An action that says nothing about a fix (labelled, edited, synchronize...).</summary>
    IrrelevantAction,
    /// <summary>Older than what the job already holds, or after the merge, which is final.</summary>
    Outdated,
}

/// <summary>What applying one <c>pull_request</c> delivery did: to which job, and where its cluster went (null: left where it was).</summary>
public sealed record PullRequestOutcome(PullRequestOutcomeKind Kind, string? JobId = null, string? ClusterId = null, ClusterStatus? ClusterMovedTo = null);
