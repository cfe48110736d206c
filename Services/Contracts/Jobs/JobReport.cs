using System.Text.Json.Serialization;

namespace FeedbackFix.Contracts.Jobs;

/// <summary>
/// The body of <c>PATCH /jobs/{id}</c>, an agent's report with its job's token. Every field is
/// optional; an empty report is a heartbeat. <see cref="Logs"/> appends lines, <see cref="Log"/>
/// one line. <see cref="Status"/> is a <see cref="JobStatus"/> name; the service words a wrong one.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobReport(
    string? Status = null,
    IReadOnlyList<string?>? Logs = null,
    string? Log = null,
    string? PrUrl = null,
    string? Error = null,
    string? Note = null)
{
    public static JobReport Heartbeat { get; } = new();
}
