using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>Which stream and consumer group a worker reads, and when an entry is given up on.</summary>
public sealed record StreamWorkQueueOptions(RedisKey Stream, string Group, string Consumer)
{
    /// <summary>Deliveries after which an entry goes to the dead-letter stream instead of the worker.</summary>
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>How long an entry may sit unacknowledged before another consumer may claim it.</summary>
    public TimeSpan ClaimIdleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fields that carry a secret (a job's token): an entry is deleted from the stream once acknowledged,
    /// and its dead letter leaves these fields out, so the secret does not outlive its use in Redis.
    /// </summary>
    public IReadOnlyList<string> SecretFields { get; init; } = [];

    /// <summary>
    /// Whether an acknowledged (or dead-lettered) entry is deleted from the stream too: a hand-off
    /// stream whose entries mean nothing once done stays as long as its backlog.
    /// </summary>
    public bool DeleteOnAck { get; init; }

    /// <summary>Whether acknowledging an entry deletes it: it carries a secret, or the queue says so.</summary>
    internal bool DeletesAcknowledged => DeleteOnAck || SecretFields.Count > 0;

    /// <summary>
    /// Called as an entry still pending is given up on, with the reason, before it moves to the
    /// dead-letter stream, for a worker whose records must say so too (a job that could not be launched
    /// fails with why). When Redis does not answer it, the entry stays pending and comes back to be given
    /// up on again; another failure is added to the dead letter's reason. It may hear of one entry twice
    /// (two consumers giving up on it at once, or a move that failed after it), so it must do nothing twice.
    /// </summary>
    public Func<WorkItem, string, Task>? GivingUp { get; init; }

    /// <summary>Where given-up entries go, with the reason: <c>{stream}:dead</c>.</summary>
    public RedisKey DeadLetterStream => Stream.Append(":dead");
}
