using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>
/// The body of <c>PATCH /jobs/{id}</c>, an agent's report with its job's token. Every field is
/// optional; an empty report is a heartbeat. <see cref="Logs"/> appends lines, <see cref="Log"/>
/// one line. <see cref="Status"/> is a <see cref="JobStatus"/> name; the service words a wrong one.
/// <see cref="Sequence"/> numbers an agent's reports from 1, one more for each report and the same for a
/// retry of it: a report whose number is not above the last one applied was applied already (its answer
/// was lost), and is answered as the first time without applying it again.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobReport(
    string? Status = null,
    IReadOnlyList<string?>? Logs = null,
    string? Log = null,
    string? PrUrl = null,
    string? Error = null,
    string? Note = null,
    long? Sequence = null)
{
    public static JobReport Heartbeat { get; } = new();
}
