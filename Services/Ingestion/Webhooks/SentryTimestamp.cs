using System.Globalization;

namespace FeedbackFix.Ingestion.Webhooks;

/// <summary>
/// Sentry's <c>Sentry-Hook-Timestamp</c> (Unix seconds of sending): a delivery more than
/// <see cref="MaxSkew"/> from our clock, either way, is refused, so a delivery held back and sent
/// late is. The signature covers only the body, not this header, so it does not stop someone who
/// captured a delivery from sending it again with a fresh timestamp: what stops that is the
/// duplicate check on the issue's id, which answers a delivery of a report already stored as a duplicate.
/// </summary>
public static class SentryTimestamp
{
    public const string Header = "Sentry-Hook-Timestamp";

    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>Why the delivery is refused, or null when its timestamp is fresh.</summary>
    public static string? Refusal(string? header, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"The {Header} header is required.";
        }
        if (!decimal.TryParse(header.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"The {Header} header must be Unix seconds.";
        }
        var sent = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        var skew = now - sent;
        return skew.Duration() <= MaxSkew
            ? null
            : FormattableString.Invariant(
                $"The {Header} header says the delivery was sent at {sent.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, more than {MaxSkew.TotalMinutes:0} minutes {(skew > TimeSpan.Zero ? "ago" : "from now")}; a stale or replayed delivery is refused.");
    }
}
