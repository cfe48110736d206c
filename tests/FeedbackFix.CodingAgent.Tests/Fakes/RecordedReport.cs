namespace FeedbackFix.CodingAgent.Tests.Fakes;

/// <summary>One PATCH the fake backend accepted (or answered 409), as sent.</summary>
public sealed record RecordedReport(
    DateTimeOffset At,
    string? Status,
    IReadOnlyList<string> Logs,
    string? PrUrl,
    string? Error,
    string? Note,
    string RawBody,
    int AnsweredWith)
{
    public bool IsHeartbeat => Status is null && Logs.Count == 0 && PrUrl is null && Error is null && Note is null;
}
