using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Gateway.Health;

/// <summary>How the gateway's readiness asks the services behind it, section "Gateway:BackendHealth".</summary>
public sealed class BackendHealthOptions
{
    public const string Section = "Gateway:BackendHealth";

    /// <summary>How long one round of answers is reused, so frequent probes do not multiply into the services.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest the gateway waits for one service's /health.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
}
