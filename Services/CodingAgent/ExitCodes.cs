namespace FeedbackFix.CodingAgent;

/// <summary>How the process ends, for whoever started it (the ECS task's exit code, the process launcher).</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;

    /// <summary>The job failed and, where the backend could be reached, was reported failed.</summary>
    public const int Failed = 1;

    /// <summary>The environment is missing or has an unusable variable.</summary>
    public const int InvalidEnvironment = 2;

    /// <summary>The backend said the job had already ended (409, e.g. cancelled): the agent stopped.</summary>
    public const int JobEnded = 3;

    /// <summary>Stopped by SIGTERM or SIGINT, as a shell reports a process ended by SIGTERM.</summary>
    public const int Stopped = 143;
}
