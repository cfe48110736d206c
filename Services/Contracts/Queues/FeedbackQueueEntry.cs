namespace FeedbackFix.Contracts.Queues;

/// <summary>
/// An entry of the clustering queue: a new feedback item to cluster, and the trace context of the
/// request that stored it, so the worker's span continues that trace.
/// </summary>
public sealed record FeedbackQueueEntry(string FeedbackId, string? TraceParent);
