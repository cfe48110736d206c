using System.Collections.Concurrent;
using FeedbackFix.AgentOrchestrator.Launchers;

namespace FeedbackFix.AgentOrchestrator.Tests.Support;

/// <summary>
/// A launcher that starts nothing and remembers what it was asked, for the orchestrator's own rules;
/// the real launchers have their own tests (ProcessLauncherTests, Ecs/).
/// </summary>
public sealed class RecordingLauncher : IAgentLauncher
{
    public const string LauncherName = "recording";

    public ConcurrentQueue<AgentLaunch> Launches { get; } = new();

    public ConcurrentQueue<(string TaskRef, string Reason)> Stops { get; } = new();

    public ConcurrentDictionary<string, AgentTaskState> States { get; } = new();

    /// <summary>Runs during a launch, before it returns (to fail it, or to change the job meanwhile).</summary>
    public Func<AgentLaunch, Task>? DuringLaunch { get; set; }

    /// <summary>Tasks whose description throws, as a launcher that cannot reach its platform does.</summary>
    public ConcurrentDictionary<string, bool> Unreachable { get; } = new();

    /// <summary>Tasks whose description fails with the given exception, whatever it is.</summary>
    public ConcurrentDictionary<string, Exception> DescribeFaults { get; } = new();

    /// <summary>How many of the next stops fail.</summary>
    public int FailingStops { get; set; }

    public string Name => LauncherName;

    public async Task<string> LaunchAsync(AgentLaunch launch, CancellationToken cancellationToken)
    {
        if (DuringLaunch is { } during)
        {
            await during(launch);
        }
        Launches.Enqueue(launch);
        var taskRef = $"task-{launch.JobId}-{launch.Attempt}";
        States.TryAdd(taskRef, new AgentTaskState(AgentTaskStatus.Running));
        return taskRef;
    }

    public Task<AgentTaskState> DescribeAsync(string taskRef, CancellationToken cancellationToken) =>
        Unreachable.ContainsKey(taskRef) ? throw new AgentLaunchException("the platform cannot be reached", isTransient: true)
        : DescribeFaults.TryGetValue(taskRef, out var fault) ? Task.FromException<AgentTaskState>(fault)
        : Task.FromResult(States.GetValueOrDefault(taskRef) ?? new AgentTaskState(AgentTaskStatus.Unknown));

    public Task StopAsync(string taskRef, string reason, CancellationToken cancellationToken)
    {
        if (FailingStops > 0)
        {
            FailingStops--;
            throw new AgentLaunchException("the platform cannot be reached", isTransient: true);
        }
        Stops.Enqueue((taskRef, reason));
        States[taskRef] = new AgentTaskState(AgentTaskStatus.Stopped, reason);
        return Task.CompletedTask;
    }
}
