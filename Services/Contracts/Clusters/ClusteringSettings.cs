using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FeedbackFix.Contracts.Clusters;

/// <summary>
/// <c>GET/PUT /config/clustering</c>: the clustering worker's thresholds, applied from its next batch.
/// A PUT names every value; the answer adds where they come from and whether the caller may change them.
/// </summary>
/// <param name="AssignThreshold">Cosine to the nearest centroid at which a report joins that cluster (0-1).</param>
/// <param name="MergeThreshold">Relative linkage at which two clusters merge (0-1).</param>
/// <param name="FoldThreshold">Least cosine a member of a dissolved small cluster needs to move to another (0-1).</param>
/// <param name="FragmentMargin">How far under a neighbour's join bar a fragment may sit and still be folded into it (0-1).</param>
/// <param name="AssignPercentile">Percentile of a cluster's own spread that also admits a report (0-100; 0 turns it off).</param>
/// <param name="MinClusterSize">Clusters smaller than this are too small to measure and may be dissolved (1-1000).</param>
/// <param name="FragmentSize">Below this size a quiet cluster that looks like a piece of a larger one is folded into it (1-1,000,000).</param>
/// <param name="GatherThreshold">Mean cosine between their members at which quiet clusters still too small, with no established cluster near, are gathered together (0-1; 1 turns it off).</param>
/// <param name="MergeCohesionFactor">Two clusters also merge when their centroids' cosine reaches this times the lower of their cohesions (0-10; 0 turns it off).</param>
public sealed record ClusteringSettings(
    [property: Required] double? AssignThreshold = null,
    [property: Required] double? MergeThreshold = null,
    [property: Required] double? FoldThreshold = null,
    [property: Required] double? FragmentMargin = null,
    [property: Required] double? AssignPercentile = null,
    [property: Required] int? MinClusterSize = null,
    [property: Required] int? FragmentSize = null,
    [property: Required] double? GatherThreshold = null,
    [property: Required] double? MergeCohesionFactor = null)
{
    /// <summary>Output only: <c>stored</c> once set through the API, else <c>configuration</c> (the service's settings).</summary>
    [ReadOnly(true)]
    public string? Source { get; init; }

    /// <summary>Output only: bumped by every change (0 before any); the answer's <c>ETag</c> carries it too, for <c>If-Match</c>.</summary>
    [ReadOnly(true)]
    public long? Version { get; init; }

    /// <summary>Output only: when the stored values were last set.</summary>
    [ReadOnly(true)]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Output only: whether this caller may change them (an Admin-scope key).</summary>
    [ReadOnly(true)]
    public bool? Editable { get; init; }
}
