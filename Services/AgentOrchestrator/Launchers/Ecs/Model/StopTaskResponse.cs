namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record StopTaskResponse(EcsTask? Task);
