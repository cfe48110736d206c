using FeedbackFix.Contracts.Queues;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>
/// The two work streams' entries as Redis holds them: the field names (the stores' scripts write
/// them from here too) and the typed entries workers read.
/// </summary>
public static class QueueEntries
{
    internal const string FeedbackIdField = "id";
    internal const string JobIdField = "job_id";
    internal const string TokenField = "token";
    internal const string TraceParentField = "traceparent";

    /// <summary>The clustering queue, <c>stream:feedback</c>, read by <paramref name="group"/>.</summary>
    public static StreamWorkQueueOptions FeedbackQueue(string group, string consumer) =>
        new(Redis.RedisKeys.FeedbackStream, group, consumer);

    /// <summary>
    /// The launch queue, <c>stream:jobs</c>, read by <paramref name="group"/>; its entries carry a
    /// job's token, which neither an acknowledged entry nor a dead letter keeps.
    /// </summary>
    public static StreamWorkQueueOptions JobQueue(string group, string consumer) =>
        new(Redis.RedisKeys.JobsStream, group, consumer) { SecretFields = [TokenField] };

    /// <summary>The item a clustering queue entry names; an empty id when the entry names none.</summary>
    public static FeedbackQueueEntry ToFeedbackEntry(this WorkItem item) =>
        new(item[FeedbackIdField] ?? "", NullIfEmpty(item[TraceParentField]));

    /// <summary>The job a launch queue entry names; an empty id when the entry names none.</summary>
    public static JobQueueEntry ToJobEntry(this WorkItem item) =>
        new(item[JobIdField] ?? "", NullIfEmpty(item[TokenField]), NullIfEmpty(item[TraceParentField]));

    internal static NameValueEntry[] ToFields(this FeedbackQueueEntry entry) =>
        [new(FeedbackIdField, entry.FeedbackId), new(TraceParentField, entry.TraceParent ?? "")];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
