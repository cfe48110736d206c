using System.Text;

namespace FeedbackFix.Ingestion.Tests.Support;

/// <summary>Webhook deliveries signed the way Sentry and GitHub sign them, with the test secrets.</summary>
public static class SignedDelivery
{
    public const string SentrySecret = "sentry-test-client-secret-5f1c9a";
    public const string GitHubSecret = "github-test-webhook-secret-82d4e7";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Webhooks:Sentry:ClientSecret"] = SentrySecret,
        ["Webhooks:GitHub:Secret"] = GitHubSecret,
    };

    /// <summary>
    /// A Sentry delivery of <paramref name="json"/>. The signature is computed here, independently
    /// of the service's helper, so a helper that hashed the wrong thing would fail these tests.
    /// </summary>
    /// <remarks>Sent now by the machine's clock, as Sentry would, unless <paramref name="timestamp"/> says otherwise ("" for none).</remarks>
    public static HttpRequestMessage Sentry(string resource, string json, string? signature = null, string? signedBody = null, string? timestamp = null)
    {
        var request = Post("/ingest/sentry", json);
        request.Headers.Add("Sentry-Hook-Resource", resource);
        timestamp ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (timestamp.Length > 0)
        {
            request.Headers.Add("Sentry-Hook-Timestamp", timestamp);
        }
        request.Headers.Add("Sentry-Hook-Signature", signature ?? Hmac(SentrySecret, signedBody ?? json));
        return request;
    }

    public static HttpRequestMessage GitHub(string gitHubEvent, string json, string delivery, string? signature = null, string? signedBody = null)
    {
        var request = Post("/ingest/github", json);
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add("X-Hub-Signature-256", signature ?? "sha256=" + Hmac(GitHubSecret, signedBody ?? json));
        return request;
    }

    public static string Hmac(string secret, string body)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
    }

    private static HttpRequestMessage Post(string path, string json) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
