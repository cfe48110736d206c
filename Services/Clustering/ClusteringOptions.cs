using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clustering;

/// <summary>How the clustering worker reads its queue and when it refines, section "Clustering".</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    /// <summary>Stream entries read and embedded together.</summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Longest wait between polls of an empty queue (StackExchange.Redis has no blocking reads).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An entry unacknowledged this long (its consumer died) is claimed by a live one.</summary>
    public TimeSpan ClaimIdleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which an entry goes to <c>stream:feedback:dead</c>.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long the membership lease lasts unless renewed.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a worker waits for the membership lease before leaving its batch for later.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Refine after this many newly clustered items, or <see cref="RefineGrowthFraction"/> of the store when that is more...</summary>
    [Range(1, 1_000_000)]
    public int RefineEveryItems { get; set; } = 500;

    /// <summary>
    /// ...so a large store is refined after it grew by this fraction, not every RefineEveryItems:
    /// a pass costs time in proportion to the store, and with a fixed step the passes together
    /// grow with its square; with a step in proportion they add up to a constant multiple of it.
    /// 0 keeps the fixed step. With 0.2 a store refines every 500 items up to 2,500 of them.
    /// </summary>
    [Range(0.0, 10.0)]
    public double RefineGrowthFraction { get; set; } = 0.2;

    /// <summary>...or this long after the last refinement, whichever comes first (when anything changed).</summary>
    public TimeSpan RefineInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While items keep coming, titles and summaries of the clusters they changed are refreshed
    /// at most this often (all at once); an idle queue refreshes them at once.
    /// </summary>
    public TimeSpan LabelInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This worker's consumer name in the group; defaults to host and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>The key <c>POST /clustering/run</c> requires as X-Admin-Key (AppHost parameter "admin-key").</summary>
    [Required(ErrorMessage = "Clustering:AdminKey is not set: give the AppHost parameter 'admin-key' a value.")]
    [MinLength(16, ErrorMessage = "Clustering:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";
}
