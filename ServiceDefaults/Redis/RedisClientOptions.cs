using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.ServiceDefaults.Redis;

/// <summary>
/// How a service talks to Redis when Redis misbehaves: short timeouts so a caller learns of an
/// outage in well under a second, and how often a lost connection is retried and probed.
/// </summary>
public sealed class RedisClientOptions
{
    public const string Section = "RedisClient";

    /// <summary>The longest a connection attempt waits (the first one at start included).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long start waits for the first connection before the service starts without it (not
    /// ready, answering 503, connecting in the background). Long enough for a loaded machine's first
    /// connect; short enough that a service whose Redis is away still comes up and says so.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest one command waits for its answer (both sync and async). A dead Redis is noticed by
    /// its connection failing, not by this; it bounds a half-open network, and 750 ms proved too short
    /// for the heaviest list scripts on a loaded machine.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause between reconnection attempts while Redis is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an open circuit checks, with a PING, whether Redis answers again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
