using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Gateway.Limits;

/// <summary>Per-client request budget (a token bucket per API key name, else per address), section "Gateway:RateLimit".</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimit";

    /// <summary>Requests a client may make per second, sustained; 0 turns limiting off.</summary>
    [Range(0, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Requests a client may make at once above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1_000;
}
