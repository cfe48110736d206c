namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record StopTaskRequest(string Cluster, string Task, string Reason);
