namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record EcsTag(string Key, string Value);
