using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clusters;

/// <summary>How GitHub's queued <c>pull_request</c> deliveries are applied: section <c>PullRequests</c>.</summary>
public sealed class PullRequestOptions
{
    public const string Section = "PullRequests";

    /// <summary>Stream consumer name; unique per replica. Defaults to host name and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>How long to wait between polls of an empty queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an entry may sit unacknowledged (its consumer died, or applying it failed) before it is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries after which an entry is given up on (moved to <c>stream:pull_requests:dead</c> with the reason).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;
}
