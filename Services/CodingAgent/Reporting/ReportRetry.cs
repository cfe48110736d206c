namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>How reports to the backend are retried: attempts after the first, the first back-off, each attempt's limit.</summary>
internal sealed record ReportRetry(int MaxRetries, TimeSpan BaseDelay, TimeSpan AttemptTimeout)
{
    public static ReportRetry Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
