namespace FeedbackFix.CodingAgent.Reporting;

/// <summary>
/// A report the backend did not take. <see cref="IsTransient"/>: it could not be reached or kept
/// failing with 5xx after the retries (the next report may get through); otherwise it refused the
/// report (4xx: a wrong token, an unknown job), and no later report will fare better.
/// </summary>
internal sealed class JobReportException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
