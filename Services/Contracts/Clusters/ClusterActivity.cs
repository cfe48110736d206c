namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// One entry of <c>GET /clusters/{id}/activity</c>. <see cref="By"/> is <c>worker</c>, <c>agent</c> (a job's
/// agent ended the job), <c>orchestrator</c> (it failed a job), <c>github</c> (a pull request's delivery),
/// <c>retention</c> (reports deleted for their age; <see cref="ActivityActors"/>), an API key's name, or the
/// person the dashboard acted for (then <see cref="Via"/> names the dashboard's key).
/// </summary>
public sealed record ClusterActivity
{
    public required DateTimeOffset At { get; init; }
    public required ActivityType Type { get; init; }
    public required string By { get; init; }

    /// <summary>The API key a person acted through, when <see cref="By"/> is a person.</summary>
    public string? Via { get; init; }

    /// <summary>How many reports the entry is about (joined, moved, split, deleted, and the ones that made a fixed cluster regressed).</summary>
    public long? Count { get; init; }

    /// <summary>The reports moved, split or deleted (at most 100 are listed).</summary>
    public IReadOnlyList<string>? FeedbackIds { get; init; }

    /// <summary>The cluster merged into this one, or into which this one was merged.</summary>
    public string? MergedFrom { get; init; }

    /// <summary>The cluster this one was merged into, or reports were moved or split to.</summary>
    public string? MergedInto { get; init; }

    /// <summary>The cluster reports came from (a move in, a split's new cluster).</summary>
    public string? From { get; init; }

    /// <summary>The cluster reports went to (a move out, a split).</summary>
    public string? To { get; init; }

    /// <summary>The status before and after a status change.</summary>
    public ClusterStatus? StatusFrom { get; init; }

    public ClusterStatus? StatusTo { get; init; }

    /// <summary>The job of a job entry, or the job whose end or pull request made a status change.</summary>
    public string? JobId { get; init; }
}
