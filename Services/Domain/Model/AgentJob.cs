namespace FeedbackFix.Domain.Model;

/// <summary>One attempt at fixing a cluster with a coding agent, as stored in <c>job:{id}</c>.</summary>
/// <remarks>
/// The job's token is kept only as a hash and is never part of this record. A retry is a new job
/// for the same cluster with the next <see cref="Attempt"/>, pointing back by <see cref="RetryOf"/>.
/// </remarks>
public sealed record AgentJob(
    string Id,
    string ClusterId,
    JobStatus Status,
    int Attempt,
    string Launcher,
    string RepoUrl,
    string? TaskRef,
    string? IssueUrl,
    string? PrUrl,
    string? Error,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? HeartbeatAt,
    string? RetryOf = null);
