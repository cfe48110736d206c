namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// The body of <c>PATCH /jobs/{id}</c>. Every field is optional; an empty report is a heartbeat.
/// Serialized in snake_case with nulls left out.
/// </summary>
internal sealed record JobReport(
    string? Status = null,
    IReadOnlyList<string>? Logs = null,
    string? PrUrl = null,
    string? Error = null,
    string? Note = null)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static JobReport Heartbeat { get; } = new();
}
