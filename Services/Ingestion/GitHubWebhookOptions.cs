namespace FeedbackFix.Ingestion;

/// <summary>GitHub's repository or organization webhook: section <c>Webhooks:GitHub</c>.</summary>
public sealed class GitHubWebhookOptions
{
    public const string Section = "Webhooks:GitHub";
    public const string SecretSetting = Section + ":" + nameof(Secret);
    public const string AppHostParameter = "github-webhook-secret";

    /// <summary>
    /// The webhook's secret, which signs every delivery. Optional at start so the rest of
    /// Ingestion runs without GitHub; while it is unset /ingest/github answers 503 and accepts nothing.
    /// </summary>
    public string? Secret { get; set; }
}
