namespace FeedbackFix.Contracts.Queues;

/// <summary>
/// An entry of the pull-request queue: a verified GitHub <c>pull_request</c> delivery, reduced to what
/// decides a fix's outcome. <see cref="Repository"/> is <c>owner/name</c>; <see cref="Action"/> is
/// GitHub's (<c>opened</c>, <c>reopened</c>, <c>closed</c>); <see cref="Merged"/> tells a merge from a
/// close; <see cref="UpdatedAt"/> (the pull request's <c>updated_at</c>) orders deliveries that arrive
/// out of order.
/// </summary>
public sealed record PullRequestQueueEntry(
    string Repository,
    long Number,
    string Action,
    bool Merged,
    DateTimeOffset? UpdatedAt,
    string DeliveryId,
    string? TraceParent);
