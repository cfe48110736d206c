namespace FeedbackFix.Contracts.Queues;

/// <summary>
/// An entry of the launch queue: a job to launch, the token its agent reports with (never kept
/// once the entry is acknowledged), and the trace context of the request that queued it.
/// </summary>
public sealed record JobQueueEntry(string JobId, string? Token, string? TraceParent);
