namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record EcsKeyValuePair(string Name, string Value);
