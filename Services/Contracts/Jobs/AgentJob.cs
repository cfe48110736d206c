namespace FeedbackFix.Contracts.Jobs;

/// <summary>One attempt at fixing a cluster with a coding agent. Its token is never part of it.</summary>
/// <remarks>
/// A retry is a new job for the same cluster with the next <see cref="Attempt"/>, pointing back by
/// <see cref="RetryOf"/>. Not sealed: <see cref="ManualJobResponse"/> adds the token, once.
/// </remarks>
public record AgentJob
{
    public required string Id { get; init; }
    public required string ClusterId { get; init; }
    public required JobStatus Status { get; init; }
    public required int Attempt { get; init; }

    /// <summary>What runs the agent: <c>process</c>, <c>ecs</c>, or <c>manual</c> (the caller).</summary>
    public required string Launcher { get; init; }
    public required string RepoUrl { get; init; }
    public string? TaskRef { get; init; }
    public string? IssueUrl { get; init; }
    public string? PrUrl { get; init; }

    /// <summary>Where <see cref="PrUrl"/> stands, from GitHub's <c>pull_request</c> webhook; absent until a delivery for it arrived.</summary>
    public PullRequestState? PrState { get; init; }
    public string? Error { get; init; }

    /// <summary>The agent's closing note, e.g. that no change was needed.</summary>
    public string? Note { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? HeartbeatAt { get; init; }
    public string? RetryOf { get; init; }

    /// <summary>What the person who started the fix told the agent, besides the issue; a retry keeps them.</summary>
    public string? Instructions { get; init; }
}
