namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record DescribeTasksResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);
