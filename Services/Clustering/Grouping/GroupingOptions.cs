using System.ComponentModel.DataAnnotations;
using FeedbackFix.Clustering.Embedding;

namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// Thresholds and refinement settings of the online clustering. The defaults are the settings
/// the quality benchmark measures (docs/benchmarks.md, "Clustering quality"); all similarities
/// are cosines between unit-length embeddings.
/// </summary>
public sealed record GroupingOptions
{
    public const string Section = "Clustering:Grouping";

    /// <summary>
    /// An item joins the nearest cluster when its cosine to the centroid reaches this, else opens one.
    /// Unless configured, it follows the embedder (<see cref="DefaultAssignThreshold"/>).
    /// </summary>
    [Range(0.0, 1.0)]
    public double AssignThreshold { get; set; } = DefaultAssignThreshold(EmbeddingProvider.MiniLm);

    /// <summary>
    /// The join bar for an embedder's vectors when none is configured: 0.6 for a language model's;
    /// 0.45 for hashed n-grams (<see cref="EmbeddingProvider.Hashing"/>), whose cosines run lower, as
    /// two reports on one theme share only some of their words and character n-grams. With the
    /// model's bar a hashed burst opened about four clusters for every one it kept, and refinement
    /// merged the rest away (docs/benchmarks.md, "The join bar of hashed vectors").
    /// </summary>
    public static double DefaultAssignThreshold(EmbeddingProvider provider) => provider == EmbeddingProvider.Hashing ? 0.45 : 0.6;

    /// <summary>
    /// Relative linkage at or above which two clusters merge: the mean cosine between members of
    /// the two over the geometric mean of the mean cosines within each (1 for two halves of one topic).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MergeThreshold { get; set; } = 0.85;

    /// <summary>
    /// Two clusters also merge when the cosine between their centroids reaches this times the lower
    /// of their cohesions (a member's mean cosine to its own centroid): one centroid lies well inside
    /// the other cluster's spread. A tight cluster keeps the <see cref="MergeThreshold"/> bar; a loose
    /// one, whose members lie far from their centre, merges with a neighbour that close. Part of the
    /// merge step: a <see cref="MergeThreshold"/> of 1 turns both off. 0 turns this one off.
    /// </summary>
    [Range(0.0, 10.0)]
    public double MergeCohesionFactor { get; set; } = 1.25;

    /// <summary>
    /// A merge, by either rule, must leave a cluster whose cohesion (a member's mean cosine to its
    /// centroid) is at least the store's, all its items taken as one cluster (but those in clusters
    /// a person decided about, which refinement leaves alone), plus this margin: a cluster no tighter
    /// than everything together is no theme. Without it, on a store whose reports are all alike (one
    /// product, one subject), each refinement merges loose clusters into looser ones, whose bar is
    /// lower again, until one cluster holds nearly everything. The price: a store of one topic and
    /// nothing else keeps that topic's halves apart. 0 removes the margin; the floor is off only with
    /// <see cref="MergeFloorShare"/> 0 too.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MergeBackgroundMargin { get; set; } = 0.05;

    /// <summary>
    /// The merge floor (see <see cref="MergeBackgroundMargin"/>) also lies at least this share of the
    /// way from the store's cohesion up to the median cohesion of its clusters of at least
    /// <see cref="MinClusterSize"/> (the upper median of an even count): a merge must leave
    /// a cluster that is a theme by the store's own measure of one, not merely tighter than
    /// everything together. Without it, on a large store of many overlapping themes whose clusters
    /// are loose (hashed vectors of thousands of reports), the margin lies far below every cluster
    /// and repeated refinements merge loose clusters into looser ones until a handful hold
    /// everything. The price: a store whose clusters are tight keeps loose halves of a broad topic
    /// apart more often. 0 turns it off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MergeFloorShare { get; set; } = 0.5;

    /// <summary>
    /// Clusters smaller than this are too small to measure (no join radius, no part in merging);
    /// once quiet (see <see cref="FoldAfter"/>) they are dissolved into their members' nearest clusters.
    /// </summary>
    [Range(1, 1000)]
    public int MinClusterSize { get; set; } = 4;

    /// <summary>A member of a dissolved cluster moves only to a centroid at least this similar; the rest stay as they are.</summary>
    [Range(0.0, 1.0)]
    public double FoldThreshold { get; set; } = 0.35;

    /// <summary>
    /// Quiet clusters still under <see cref="MinClusterSize"/> after folding (no established cluster
    /// close enough) are gathered with each other while the mean cosine between their members
    /// reaches this: a young store finds its first topics, strays of one uncovered topic meet.
    /// 1 turns it off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double GatherThreshold { get; set; } = 0.40;

    /// <summary>
    /// A quiet cluster from <see cref="MinClusterSize"/> up to under this size is dissolved too when
    /// it looks like a piece of a cluster at least as large: most of its members are nearest to that
    /// cluster and their median cosine to it reaches its join bar (the lower of
    /// <see cref="AssignThreshold"/> and its radius) less <see cref="FragmentMargin"/>. At this size
    /// and above a cluster stands on its own; joining two of those is the merge's decision.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FragmentSize { get; set; } = 10;

    /// <summary>How far under a neighbour's join bar a fragment's median member may sit and still count as a piece of it.</summary>
    [Range(0.0, 1.0)]
    public double FragmentMargin { get; set; } = 0.15;

    /// <summary>
    /// A cluster is quiet, and may be dissolved, once this many items arrived since it last grew
    /// (a new topic gets time to gather while reports keep coming)...
    /// </summary>
    [Range(0, 1_000_000)]
    public int FoldAfter { get; set; } = 500;

    /// <summary>
    /// ...or once it has not grown for this long (a topic that stopped gathering, however few reports
    /// came since). This is what a store with little traffic, such as a new team's first reports,
    /// waits before its strays are folded and gathered: short enough that a burst reads settled
    /// within minutes, long enough for the rest of a burst to arrive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan FoldAfterQuiet { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An item also joins its nearest cluster below <see cref="AssignThreshold"/> when it falls
    /// within that cluster's own spread: this percentile of its members' cosines to the centroid
    /// (measured at each refinement for clusters of at least <see cref="MinClusterSize"/>, never
    /// below <see cref="FoldThreshold"/>). 0 turns it off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double AssignPercentile { get; set; } = 5;

    /// <summary>k-means style passes that move each item to its nearest centroid.</summary>
    [Range(0, 100)]
    public int ReassignPasses { get; set; } = 5;

    /// <summary>
    /// A re-assignment moves an item only to a centroid more similar to it than its own cluster's by
    /// more than this cosine. An item between two overlapping clusters then stays where it is instead of
    /// changing sides as their centroids shift, so the passes settle sooner and reports keep their
    /// cluster; an item clearly closer to another cluster still moves. The price is accuracy on a
    /// store whose early placements were rough (docs/benchmarks.md, "Refinement on a large store of
    /// distinct reports"). 0, the default, moves every item to its nearest centroid.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ReassignMargin { get; set; }
}
