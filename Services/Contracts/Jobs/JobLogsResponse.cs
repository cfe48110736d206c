namespace FeedbackFix.Contracts.Jobs;

/// <summary>Log lines in order; pass <see cref="NextAfter"/> back as <c>after</c> for more.</summary>
public sealed record JobLogsResponse(IReadOnlyList<JobLogLine> Lines, string? NextAfter);
