namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>
/// What an agent task is started with. <see cref="Environment"/> holds the agent's variables
/// (<see cref="FeedbackFix.Contracts.Agent.AgentEnvironment"/>), including its job token: never log this record.
/// </summary>
public sealed record AgentLaunch(string JobId, string ClusterId, int Attempt, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Never prints the environment, which carries the job token.</summary>
    public override string ToString() => $"AgentLaunch {{ JobId = {JobId}, ClusterId = {ClusterId}, Attempt = {Attempt} }}";
}
