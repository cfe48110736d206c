namespace FeedbackFix.Contracts.Jobs;

/// <summary>The answer to start_fix and retry: the queued job; its token travels to the orchestrator, not here.</summary>
public sealed record FixStarted(string JobId, string ClusterId, JobStatus Status, int Attempt)
{
    public static FixStarted From(AgentJob job) => new(job.Id, job.ClusterId, job.Status, job.Attempt);
}
