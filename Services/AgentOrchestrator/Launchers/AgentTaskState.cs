namespace FeedbackFix.AgentOrchestrator.Launchers;

public enum AgentTaskStatus
{
    /// <summary>Accepted but not yet running (ECS PROVISIONING/PENDING/ACTIVATING).</summary>
    Starting,
    Running,
    Stopped,

    /// <summary>The launcher does not know the task (an ECS task long gone, a process from before a restart).</summary>
    Unknown,
}

/// <summary>A task's state; for a stopped one, why it stopped and its exit code when known.</summary>
public sealed record AgentTaskState(AgentTaskStatus Status, string? StopReason = null, int? ExitCode = null);
