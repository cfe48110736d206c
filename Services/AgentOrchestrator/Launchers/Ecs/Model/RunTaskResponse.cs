namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary>A 200 answer can still start nothing: then <see cref="Failures"/> says why.</summary>
public sealed record RunTaskResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);
