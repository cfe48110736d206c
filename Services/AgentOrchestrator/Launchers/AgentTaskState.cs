namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>A task's state; for a stopped one, why it stopped and its exit code when known.</summary>
public sealed record AgentTaskState(AgentTaskStatus Status, string? StopReason = null, int? ExitCode = null);
