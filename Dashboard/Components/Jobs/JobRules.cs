using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>
/// What the API allows per status, to show only the buttons that can work; the API still decides
/// (retry is refused while another job of the cluster is active) and its refusal is shown as it says it.
/// </summary>
public static class JobRules
{
    public static bool IsActive(JobStatus status) => status is JobStatus.Queued or JobStatus.Launching or JobStatus.Running;

    /// <summary>POST /jobs/{id}/cancel: a job that has not ended.</summary>
    public static bool CanCancel(JobStatus status) => IsActive(status);

    /// <summary>POST /jobs/{id}/retry: a failed or cancelled job.</summary>
    public static bool CanRetry(JobStatus status) => status is JobStatus.Failed or JobStatus.Cancelled;
}
