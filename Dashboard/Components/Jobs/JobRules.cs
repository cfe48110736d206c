using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>
/// What the API allows per job, to show only the buttons that can work; the API still decides
/// (retry is refused while another job of the cluster is active) and its refusal is shown as it says it.
/// </summary>
public static class JobRules
{
    public static bool IsActive(JobStatus status) => status is JobStatus.Queued or JobStatus.Launching or JobStatus.Running;

    /// <summary>
    /// A job its caller runs itself (<c>POST /jobs</c>): it never launches, and the API never retries it
    /// (409; the caller opens another with <c>POST /jobs</c>).
    /// </summary>
    public static bool IsRunByCaller(AgentJob job) => string.Equals(job.Launcher, JobLauncherNames.Manual, StringComparison.Ordinal);

    /// <summary>POST /jobs/{id}/cancel: a job that has not ended.</summary>
    public static bool CanCancel(JobStatus status) => IsActive(status);

    /// <summary>POST /jobs/{id}/retry: a failed or cancelled job that a launcher ran, not its caller.</summary>
    public static bool CanRetry(AgentJob job) => !IsRunByCaller(job) && job.Status is JobStatus.Failed or JobStatus.Cancelled;
}
