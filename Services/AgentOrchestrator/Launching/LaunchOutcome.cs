namespace FeedbackFix.AgentOrchestrator.Launching;

/// <summary>What became of one queued job: finished with (acknowledge its entry), or to be tried again later.</summary>
public enum LaunchOutcome
{
    Done,
    TryAgainLater,
}
