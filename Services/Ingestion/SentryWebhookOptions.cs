namespace FeedbackFix.Ingestion;

/// <summary>Sentry's integration webhook: section <c>Webhooks:Sentry</c>.</summary>
public sealed class SentryWebhookOptions
{
    public const string Section = "Webhooks:Sentry";
    public const string ClientSecretSetting = Section + ":" + nameof(ClientSecret);
    public const string AppHostParameter = "sentry-client-secret";

    /// <summary>
    /// The integration's client secret, which signs every delivery. Optional at start so the rest
    /// of Ingestion runs without Sentry; while it is unset /ingest/sentry answers 503 and accepts nothing.
    /// </summary>
    public string? ClientSecret { get; set; }
}
