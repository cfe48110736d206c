namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

/// <summary>ECS RunTask input (the fields we send; JSON names are the camelCase of these).</summary>
public sealed record RunTaskRequest(
    string Cluster,
    string TaskDefinition,
    string LaunchType,
    int Count,
    NetworkConfiguration NetworkConfiguration,
    TaskOverride Overrides,
    string ClientToken,
    string StartedBy,
    IReadOnlyList<EcsTag> Tags,
    string? PlatformVersion = null,
    string? PropagateTags = null)
{
    /// <summary>Never prints the overrides, which carry the job token.</summary>
    public override string ToString() => $"RunTaskRequest {{ Cluster = {Cluster}, TaskDefinition = {TaskDefinition}, ClientToken = {ClientToken} }}";
}
