namespace FeedbackFix.Ingestion;

/// <summary>How <c>GET /config/webhooks</c> writes the webhooks' addresses: section <c>Webhooks</c>.</summary>
public sealed class WebhookUrlOptions
{
    public const string Section = "Webhooks";
    public const string PublicBaseUrlSetting = Section + ":" + nameof(PublicBaseUrl);

    /// <summary>
    /// The gateway's address as senders reach it (e.g. <c>https://feedback.example.com</c>, a path
    /// allowed), for when what the gateway forwards is not that: behind a load balancer that ends TLS
    /// the gateway itself is reached over http. Unset: the host and scheme the gateway forwards.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Unset, or an absolute http(s) URL without query or fragment.</summary>
    public static bool IsValid(string? url) =>
        string.IsNullOrEmpty(url) ||
        (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 &&
         uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0);
}
