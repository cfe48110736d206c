using System.Security.Cryptography;
using System.Text;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>
/// The one place webhook signatures are checked: HMAC-SHA256 of the raw body, compared in
/// constant time so a wrong guess takes as long as a right one.
/// </summary>
public static class WebhookSignature
{
    /// <summary>GitHub's <c>X-Hub-Signature-256</c> starts with this; the hex digest follows.</summary>
    public const string GitHubPrefix = "sha256=";

    private const int DigestHexLength = HMACSHA256.HashSizeInBytes * 2;

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="body"/>: what a sender signs with.</summary>
    public static string ComputeHex(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Sentry's <c>Sentry-Hook-Signature</c>: the hex digest alone.</summary>
    public static bool IsValidSentry(string? header, string secret, ReadOnlySpan<byte> body) =>
        Matches(header, secret, body);

    /// <summary>GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex digest.</summary>
    public static bool IsValidGitHub(string? header, string secret, ReadOnlySpan<byte> body) =>
        header is not null &&
        header.StartsWith(GitHubPrefix, StringComparison.Ordinal) &&
        Matches(header[GitHubPrefix.Length..], secret, body);

    /// <summary>
    /// Whether a configured secret is usable: absent (the webhook stays closed) or text without
    /// surrounding whitespace, which is almost always a pasted newline that no sender signs with.
    /// </summary>
    public static bool IsWellFormedSecret(string? secret) =>
        string.IsNullOrEmpty(secret) || (secret.Trim().Length == secret.Length);

    private static bool Matches(string? hex, string secret, ReadOnlySpan<byte> body)
    {
        if (hex is null || hex.Length != DigestHexLength)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
