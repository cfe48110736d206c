namespace FeedbackFix.Clustering.Labeling;

/// <summary>Produces a cluster's title and summary; the worker calls it when a cluster needs a new label.</summary>
public interface IClusterSummarizer
{
    /// <summary>
    /// The label of cluster <paramref name="clusterId"/> from its <paramref name="items"/>, its
    /// <paramref name="centroid"/> and the term statistics of all clusters. Never fails for want of a
    /// remote model: implementations that use one fall back to the c-TF-IDF label.
    /// </summary>
    Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        CancellationToken cancellationToken = default);
}
