namespace FeedbackFix.AgentOrchestrator.Launchers.Ecs.Model;

public sealed record ContainerOverride(string Name, IReadOnlyList<EcsKeyValuePair> Environment)
{
    /// <summary>Never prints the environment, which carries the job token.</summary>
    public override string ToString() => $"ContainerOverride {{ Name = {Name} }}";
}
