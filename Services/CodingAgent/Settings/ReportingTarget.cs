namespace FeedbackFix.CodingAgent.Settings;

/// <summary>Where and as whom the agent reports: enough to say "failed" even when the rest of the environment is wrong.</summary>
internal sealed record ReportingTarget(string JobId, string JobToken, Uri BackendUrl)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"ReportingTarget {{ JobId = {JobId}, BackendUrl = {BackendUrl} }}";
}
