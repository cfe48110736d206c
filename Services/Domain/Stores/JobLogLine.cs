namespace FeedbackFix.Domain.Stores;

/// <summary>One line of a job's log; <see cref="Id"/> is its stream id, to read on after it.</summary>
public sealed record JobLogLine(string Id, DateTimeOffset Time, string Line);
