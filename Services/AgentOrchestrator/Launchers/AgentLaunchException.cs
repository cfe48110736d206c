namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>
/// A launch that did not start an agent. <see cref="IsTransient"/> says whether trying again later
/// can help (throttling, an unreachable service) or the job should fail with <see cref="Exception.Message"/>
/// (a bad task definition, no capacity named in ECS <c>failures</c>, a missing agent binary).
/// </summary>
public sealed class AgentLaunchException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
