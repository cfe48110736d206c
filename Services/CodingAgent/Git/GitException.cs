namespace FeedbackFix.CodingAgent.Git;

/// <summary>A git command that failed; the message names the step and git's own last words.</summary>
internal sealed class GitException(string message) : Exception(message);
