namespace FeedbackFix.CodingAgent.Command;

/// <summary>How the agent command ended: its exit code, or that it ran out of time and was killed.</summary>
internal sealed record CommandResult(int ExitCode, bool TimedOut);
