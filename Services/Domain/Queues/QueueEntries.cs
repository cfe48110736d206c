using FeedbackFix.Contracts.Queues;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Queues;

/// <summary>
/// The work streams' entries as Redis holds them: the field names (the stores' scripts write
/// them from here too) and the typed entries workers read.
/// </summary>
public static class QueueEntries
{
    internal const string FeedbackIdField = "id";
    internal const string JobIdField = "job_id";
    internal const string TokenField = "token";
    internal const string TraceParentField = "traceparent";
    internal const string RepositoryField = "repository";
    internal const string NumberField = "number";
    internal const string ActionField = "action";
    internal const string MergedField = "merged";
    internal const string UpdatedAtField = "updated_at";
    internal const string DeliveryIdField = "delivery_id";

    /// <summary>The clustering queue, <c>stream:feedback</c>, read by <paramref name="group"/>.</summary>
    public static StreamWorkQueueOptions FeedbackQueue(string group, string consumer) =>
        new(Redis.RedisKeys.FeedbackStream, group, consumer);

    /// <summary>
    /// The membership queue, <c>stream:embedded</c>, read by <paramref name="group"/>: items whose
    /// vectors are stored, handed on by the embedders. An entry is deleted once acknowledged, so
    /// the stream holds only the backlog.
    /// </summary>
    public static StreamWorkQueueOptions EmbeddedQueue(string group, string consumer) =>
        new(Redis.RedisKeys.EmbeddedStream, group, consumer) { DeleteOnAck = true };

    /// <summary>
    /// Hands clustering entries on to <c>stream:embedded</c>: stores <paramref name="vectors"/>
    /// (<c>feedback:vector:{id}</c>), adds one entry per item of <paramref name="embedded"/> with its
    /// traceparent, and acknowledges <paramref name="entryIds"/> on <paramref name="queue"/>, in one transaction.
    /// </summary>
    public static Task HandOnEmbeddedAsync(this StreamWorkQueue queue, IReadOnlyCollection<string> entryIds,
        IReadOnlyList<FeedbackQueueEntry> embedded, IReadOnlyList<(string ItemId, float[] Vector)> vectors) =>
        queue.AckHandingOnAsync(entryIds, Redis.RedisKeys.EmbeddedStream, StreamWakeup.EmbeddedChannel, [.. embedded.Select(entry => entry.ToFields())],
            [.. vectors.Select(v => new KeyValuePair<RedisKey, RedisValue>(Redis.RedisKeys.FeedbackVector(v.ItemId), Redis.VectorCodec.Encode(v.Vector)))]);

    /// <summary>
    /// The launch queue, <c>stream:jobs</c>, read by <paramref name="group"/>; its entries carry a
    /// job's token, which neither an acknowledged entry nor a dead letter keeps.
    /// </summary>
    public static StreamWorkQueueOptions JobQueue(string group, string consumer) =>
        new(Redis.RedisKeys.JobsStream, group, consumer) { SecretFields = [TokenField] };

    /// <summary>The pull-request queue, <c>stream:pull_requests</c>, read by <paramref name="group"/>: GitHub's verified deliveries.</summary>
    public static StreamWorkQueueOptions PullRequestQueue(string group, string consumer) =>
        new(Redis.RedisKeys.PullRequestsStream, group, consumer);

    /// <summary>The item a clustering queue entry names; an empty id when the entry names none.</summary>
    public static FeedbackQueueEntry ToFeedbackEntry(this WorkItem item) =>
        new(item[FeedbackIdField] ?? "", NullIfEmpty(item[TraceParentField]));

    /// <summary>The job a launch queue entry names; an empty id when the entry names none.</summary>
    public static JobQueueEntry ToJobEntry(this WorkItem item) =>
        new(item[JobIdField] ?? "", NullIfEmpty(item[TokenField]), NullIfEmpty(item[TraceParentField]));

    /// <summary>The delivery a pull-request queue entry holds; null when the entry lacks a repository, number or action.</summary>
    public static PullRequestQueueEntry? ToPullRequestEntry(this WorkItem item)
    {
        if (item[RepositoryField] is not { Length: > 0 } repository
            || !long.TryParse(item[NumberField], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || item[ActionField] is not { Length: > 0 } action)
        {
            return null;
        }
        var updatedAt = long.TryParse(item[UpdatedAtField], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        return new PullRequestQueueEntry(repository, number, action, item[MergedField] == "1", updatedAt,
            item[DeliveryIdField] ?? "", NullIfEmpty(item[TraceParentField]));
    }

    internal static NameValueEntry[] ToFields(this PullRequestQueueEntry entry) =>
    [
        new(RepositoryField, entry.Repository), new(NumberField, entry.Number), new(ActionField, entry.Action),
        new(MergedField, entry.Merged ? "1" : "0"),
        new(UpdatedAtField, entry.UpdatedAt is { } at ? at.ToUnixTimeMilliseconds() : ""),
        new(DeliveryIdField, entry.DeliveryId), new(TraceParentField, entry.TraceParent ?? ""),
    ];

    internal static NameValueEntry[] ToFields(this FeedbackQueueEntry entry) =>
        [new(FeedbackIdField, entry.FeedbackId), new(TraceParentField, entry.TraceParent ?? "")];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
