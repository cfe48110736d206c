namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary>One entry of an ECS <c>failures</c> list, e.g. reason MISSING for a task ECS no longer knows.</summary>
public sealed record EcsFailure(string? Arn, string? Reason, string? Detail);
