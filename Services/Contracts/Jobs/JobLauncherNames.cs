namespace FeedbackFix.Contracts.Jobs;

/// <summary>Values of a job's <c>launcher</c> with a meaning beyond one service.</summary>
public static class JobLauncherNames
{
    /// <summary>
    /// A job the caller runs itself (<c>POST /jobs</c>): never queued for the orchestrator, which
    /// only watches that someone reports on it.
    /// </summary>
    public const string Manual = "manual";
}
