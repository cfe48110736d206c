namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// The <see cref="ClusterActivity.By"/> of changes no person made: what a client shows in place of a
/// person's name, and may word its sentence after (a report deleted by retention was deleted for its age).
/// </summary>
public static class ActivityActors
{
    /// <summary>The clustering worker: clusters opened, reports joined, merges by refinement, regressions.</summary>
    public const string Worker = "worker";

    /// <summary>GitHub's deliveries about a fix's pull request.</summary>
    public const string GitHub = "github";

    /// <summary>A fix's coding agent, reporting on its job with the job's token.</summary>
    public const string Agent = "agent";

    /// <summary>The agent orchestrator, failing a job whose agent could not start, stopped or went quiet.</summary>
    public const string Orchestrator = "orchestrator";

    /// <summary>Ingestion's retention, deleting reports older than the configured age.</summary>
    public const string Retention = "retention";
}
