using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Dashboard.Components.Jobs;

/// <summary>A log line with its number in the log, counted from 1 as the reader sees it.</summary>
public sealed record LogRow(int Number, JobLogLine Line);
