namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// Produces a cluster's title and summary lead when a flush of labels relabels it, on the membership
/// writer's loop: computed in process (<see cref="TermsClusterSummarizer"/>). A chat model's label is
/// not asked for here but beside the loop (<see cref="ChatClientSummarizer"/>).
/// </summary>
public interface IClusterSummarizer
{
    /// <summary>
    /// The label of cluster <paramref name="clusterId"/> from its <paramref name="items"/> (a sample: the
    /// newest), its <paramref name="centroid"/>, the term statistics of all clusters and its true
    /// <paramref name="facts"/> (the caller appends their sentence).
    /// </summary>
    Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default);
}
