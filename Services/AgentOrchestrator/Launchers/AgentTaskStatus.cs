namespace FeedbackFix.AgentOrchestrator.Launchers;

public enum AgentTaskStatus
{
    /// <summary>Accepted but not yet running (ECS PROVISIONING/PENDING/ACTIVATING).</summary>
    Starting,
    Running,
    Stopped,

    /// <summary>The launcher does not know the task (an ECS task long gone, another launcher's reference).</summary>
    Unknown,
}
