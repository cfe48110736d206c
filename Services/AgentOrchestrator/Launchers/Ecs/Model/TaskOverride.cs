namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record TaskOverride(IReadOnlyList<ContainerOverride> ContainerOverrides);
