namespace FeedbackFix.AgentOrchestrator.Launchers;

/// <summary>
/// Starts, watches and stops coding-agent tasks. One implementation per place an agent can run
/// (<c>process</c> on this machine, <c>ecs</c> on AWS Fargate); the job records which one and the
/// reference it returned.
/// </summary>
public interface IAgentLauncher
{
    /// <summary>The name jobs record in their <c>launcher</c> field and configuration selects by.</summary>
    string Name { get; }

    /// <summary>
    /// Starts the agent for one attempt of a job and returns its task reference. Launching the same
    /// job and attempt twice must not start two agents where the platform allows that to be
    /// prevented (ECS <c>clientToken</c>). Throws <see cref="AgentLaunchException"/> when it fails.
    /// </summary>
    Task<string> LaunchAsync(AgentLaunch launch, CancellationToken cancellationToken);

    /// <summary>Where a launched task is now.</summary>
    Task<AgentTaskState> DescribeAsync(string taskRef, CancellationToken cancellationToken);

    /// <summary>Stops a task; stopping one that has already stopped is not an error.</summary>
    Task StopAsync(string taskRef, string reason, CancellationToken cancellationToken);
}
