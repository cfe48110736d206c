namespace FeedbackFix.CodingAgent;

/// <summary>A run that cannot succeed; the message is the job's <c>error</c> as people will read it.</summary>
internal sealed class AgentFailure(string message) : Exception(message);
