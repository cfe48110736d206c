namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary>The parts of an ECS task the launcher reads.</summary>
public sealed record EcsTask(
    string? TaskArn,
    string? LastStatus,
    string? DesiredStatus,
    string? StoppedReason,
    string? StopCode,
    IReadOnlyList<EcsContainer>? Containers);
