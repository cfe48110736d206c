namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>
/// What an agent task is started with. <see cref="Environment"/> holds the agent's variables
/// (<see cref="FeedbackFix.Contracts.Agent.AgentEnvironment"/>), including its job token: never log this record.
/// <see cref="Request"/> counts the launches of this attempt the launcher refused outright
/// (<see cref="AgentLaunchException.RetryAsNewRequest"/>): 0 at first, so a launch delivered again is
/// the same request, and one more after each refusal, so the next try is a new one.
/// </summary>
public sealed record AgentLaunch(string JobId, string ClusterId, int Attempt, IReadOnlyDictionary<string, string> Environment, int Request = 0)
{
    /// <summary>Never prints the environment, which carries the job token.</summary>
    public override string ToString() => $"AgentLaunch {{ JobId = {JobId}, ClusterId = {ClusterId}, Attempt = {Attempt}, Request = {Request} }}";
}
