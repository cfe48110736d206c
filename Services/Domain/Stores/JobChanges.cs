using FeedbackFix.Contracts.Jobs;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A report on a job: a status move, log lines, links; null leaves a field as it is. With
/// <see cref="ReportSequence"/> (an agent's report, JobReport.Sequence), a number not above the last one
/// applied changes nothing.
/// </summary>
public sealed record JobChanges(
    JobStatus? Status = null,
    IReadOnlyList<string>? Logs = null,
    string? PrUrl = null,
    string? Error = null,
    string? Note = null,
    string? TaskRef = null,
    string? IssueUrl = null,
    long? ReportSequence = null);
