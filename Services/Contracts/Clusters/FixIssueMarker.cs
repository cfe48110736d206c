namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// The hidden line (an HTML comment, invisible on GitHub) in the body of every issue a fix opens.
/// The orchestrator finds an issue it opened earlier by it, and Ingestion refuses to take such an
/// issue back as feedback, or the fix loop would feed itself.
/// </summary>
public static class FixIssueMarker
{
    public const string Prefix = "<!-- feedbackfix:cluster:";

    /// <summary>The marker of the issue opened for <paramref name="clusterId"/>.</summary>
    public static string For(string clusterId) => $"{Prefix}{clusterId} -->";

    /// <summary>Whether <paramref name="issueBody"/> is the body of an issue FeedbackFix opened.</summary>
    public static bool IsIn(string? issueBody) => issueBody?.Contains(Prefix, StringComparison.Ordinal) == true;
}
