namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>The backend answered 409: the job has already ended (cancelled, or ended by the orchestrator).</summary>
internal sealed class JobEndedException(string message) : Exception(message);
