namespace FeedbackFix.Contracts.Jobs;

/// <summary>One line of a job's log; <see cref="Id"/> is its position, to read on after it (<c>after</c>, <c>Last-Event-ID</c>).</summary>
public sealed record JobLogLine(string Id, DateTimeOffset Time, string Line);
