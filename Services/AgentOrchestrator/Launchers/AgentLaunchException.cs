namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>
/// A launch that did not start an agent. <see cref="IsTransient"/> says whether trying again later
/// can help (throttling, an unreachable service, no capacity named in ECS <c>failures</c>) or the job
/// should fail with <see cref="Exception.Message"/> (a bad task definition, a missing agent binary).
/// <see cref="RetryAsNewRequest"/>: the answer says for certain that nothing was started, and the
/// same request would only be answered the same way, so the next try must be a new request
/// (<see cref="AgentLaunch.Request"/>).
/// </summary>
public sealed class AgentLaunchException(string message, bool isTransient, Exception? inner = null, bool retryAsNewRequest = false)
    : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;

    public bool RetryAsNewRequest { get; } = retryAsNewRequest;
}
