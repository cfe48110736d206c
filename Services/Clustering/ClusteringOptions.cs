using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Clustering;

/// <summary>How the embedders and the membership writer read their queues and when the writer refines, section "Clustering".</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    /// <summary>An embedder's batch: <c>stream:feedback</c> entries read, embedded and handed on together.</summary>
    [Range(1, 1_000)]
    public int EmbedderBatchSize { get; set; } = 256;

    /// <summary>The membership writer's batch: <c>stream:embedded</c> entries placed and committed together.</summary>
    [Range(1, 10_000)]
    public int WriterBatchSize { get; set; } = 1_000;

    /// <summary>
    /// Longest wait between polls of an empty queue (StackExchange.Redis has no blocking reads). A new
    /// entry wakes an idle stage at once (<c>StreamWakeup</c>); the poll is what remains when that
    /// message is lost (pub/sub delivers nothing while disconnected), and then it bounds the latency of
    /// a report arriving after a pause twice over: it passes the embedders' queue, then the writer's.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>An entry unacknowledged this long (its consumer died) is claimed by a live one.</summary>
    public TimeSpan ClaimIdleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which an entry goes to <c>stream:feedback:dead</c> (or <c>stream:embedded:dead</c>).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How long the membership lease lasts unless renewed: the writer renews it every third of this,
    /// and a replica waiting to take over tries every fifth, so a writer that died is replaced after at most this.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

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
    /// A refinement on an idle queue that left the store unsettled (see
    /// <see cref="Worker.ClusterRefiner.Unsettled"/>) is followed by another at once, up to this many
    /// in a row (see <see cref="Worker.SettleRun"/>): the store settles where refining again would
    /// take it anyway under a trickle of reports (one pass merges, the re-assignment after it moves
    /// members, and the next pass may merge again). While reports keep coming the passes are paced
    /// to a tenth of the writer's time (<see cref="Worker.BusyPacing"/>). 1 refines once.
    /// </summary>
    [Range(1, 100)]
    public int SettlePasses { get; set; } = 10;

    /// <summary>
    /// While items keep coming, titles and summaries of the clusters they changed are refreshed
    /// at most this often (all at once), and less often when refreshing is slow (see
    /// <see cref="Worker.MembershipWriter.NextLabelsDue"/>); an idle queue refreshes them at once.
    /// </summary>
    public TimeSpan LabelInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>This replica's embedder's consumer name in the group <c>embedders</c>; defaults to host and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>The key <c>POST /clustering/run</c> requires as X-Admin-Key (AppHost parameter "admin-key").</summary>
    [Required(ErrorMessage = "Clustering:AdminKey is not set: give the AppHost parameter 'admin-key' a value.")]
    [MinLength(16, ErrorMessage = "Clustering:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";
}
