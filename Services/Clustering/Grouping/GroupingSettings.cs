using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Clustering.Grouping;

/// <summary>
/// The thresholds of <see cref="GroupingOptions"/> a person may set at run time
/// (<c>/config/clustering</c>), their ranges, and how stored values override the configured ones.
/// </summary>
public static class GroupingSettings
{
    /// <summary>The configured options with every stored value in place of its own.</summary>
    public static GroupingOptions Apply(GroupingOptions configured, ClusteringSettings? stored) => stored is null ? configured : configured with
    {
        AssignThreshold = stored.AssignThreshold ?? configured.AssignThreshold,
        MergeThreshold = stored.MergeThreshold ?? configured.MergeThreshold,
        FoldThreshold = stored.FoldThreshold ?? configured.FoldThreshold,
        FragmentMargin = stored.FragmentMargin ?? configured.FragmentMargin,
        AssignPercentile = stored.AssignPercentile ?? configured.AssignPercentile,
        MinClusterSize = stored.MinClusterSize ?? configured.MinClusterSize,
        FragmentSize = stored.FragmentSize ?? configured.FragmentSize,
        GatherThreshold = stored.GatherThreshold ?? configured.GatherThreshold,
        MergeCohesionFactor = stored.MergeCohesionFactor ?? configured.MergeCohesionFactor,
    };

    /// <summary>The thresholds of <paramref name="options"/>, as the API shows them.</summary>
    public static ClusteringSettings Of(GroupingOptions options) => new(
        options.AssignThreshold, options.MergeThreshold, options.FoldThreshold, options.FragmentMargin,
        options.AssignPercentile, options.MinClusterSize, options.FragmentSize,
        options.GatherThreshold, options.MergeCohesionFactor);

    /// <summary>Each value's field name and inclusive range, the same as <see cref="GroupingOptions"/>' own.</summary>
    public static IEnumerable<(string Field, double? Value, double Min, double Max, bool Whole)> Ranges(ClusteringSettings settings) =>
    [
        ("assign_threshold", settings.AssignThreshold, 0, 1, false),
        ("merge_threshold", settings.MergeThreshold, 0, 1, false),
        ("fold_threshold", settings.FoldThreshold, 0, 1, false),
        ("fragment_margin", settings.FragmentMargin, 0, 1, false),
        ("assign_percentile", settings.AssignPercentile, 0, 100, false),
        ("min_cluster_size", settings.MinClusterSize, 1, 1000, true),
        ("fragment_size", settings.FragmentSize, 1, 1_000_000, true),
        ("gather_threshold", settings.GatherThreshold, 0, 1, false),
        ("merge_cohesion_factor", settings.MergeCohesionFactor, 0, 10, false),
    ];
}
