namespace FeedbackFix.Domain.Model;

public enum JobStatus
{
    Queued,
    Launching,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
