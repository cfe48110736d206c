namespace FeedbackFix.Domain.Stores;

/// <summary>What the agent orchestrator last said it can do: open GitHub issues (it has a token) or not.</summary>
public sealed record OrchestratorCapabilities(bool GitHubToken, DateTimeOffset UpdatedAt);
