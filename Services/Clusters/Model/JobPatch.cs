namespace FeedbackFix.Clusters.Model;

/// <summary>
/// PATCH /jobs/{id}: an agent's report. Every field is optional; an empty report is a heartbeat.
/// <see cref="Logs"/> appends lines, <see cref="Log"/> one line.
/// </summary>
public sealed record JobPatch(
    string? Status = null,
    IReadOnlyList<string?>? Logs = null,
    string? Log = null,
    string? PrUrl = null,
    string? Error = null,
    string? Note = null);
