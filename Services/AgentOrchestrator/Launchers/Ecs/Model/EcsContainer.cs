namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record EcsContainer(string? Name, string? LastStatus, int? ExitCode, string? Reason);
