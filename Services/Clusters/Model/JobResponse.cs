using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Model;

/// <summary>A job as the API shows it: never its token or the token's hash.</summary>
public record JobResponse(
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
    DateTimeOffset? HeartbeatAt)
{
    public static JobResponse From(AgentJob job) => new(
        job.Id, job.ClusterId, job.Status, job.Attempt, job.Launcher, job.RepoUrl, job.TaskRef, job.IssueUrl,
        job.PrUrl, job.Error, job.Note, job.CreatedAt, job.UpdatedAt, job.HeartbeatAt);
}
