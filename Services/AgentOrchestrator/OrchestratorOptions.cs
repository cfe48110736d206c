using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.AgentOrchestrator;

/// <summary>How jobs are launched and watched: section <c>Orchestrator</c>.</summary>
public sealed class OrchestratorOptions
{
    public const string Section = "Orchestrator";

    /// <summary>The address agents report to (<c>BACKEND_URL</c>): the gateway, so PATCH /jobs/{id} reaches Clusters.</summary>
    [Required(ErrorMessage = "Orchestrator:BackendUrl is not set: it is the gateway address agents report to.")]
    [Url(ErrorMessage = "Orchestrator:BackendUrl must be an absolute http(s) URL.")]
    public string BackendUrl { get; set; } = "";

    /// <summary>The command the agent runs in the clone (<c>AGENT_COMMAND</c>); empty leaves it to the agent's own environment (an ECS task definition).</summary>
    public string? AgentCommand { get; set; }

    /// <summary>Where agents clone from (<c>GIT_BASE_URL</c>), when not https://github.com/.</summary>
    public string? GitBaseUrl { get; set; }

    /// <summary>Labels put on the GitHub issues a fix opens.</summary>
    public List<string> IssueLabels { get; set; } = ["feedbackfix"];

    /// <summary>Stream consumer name; unique per replica. Defaults to host name and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>Jobs launched at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>Deliveries of one job entry before it is given up on and the job fails with the last reason.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How long an entry may sit unacknowledged before it is tried again (by any replica): the wait
    /// after a launch that may work later, or after a replica died mid-launch. A launch in progress
    /// keeps its entry (every third of this), so it is never taken over however long GitHub makes it wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "01:00:00")]
    public TimeSpan RetryLaunchAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often running jobs are checked against their tasks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A running job without any report for this long fails with "agent stopped reporting".</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait between polls of an empty stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
