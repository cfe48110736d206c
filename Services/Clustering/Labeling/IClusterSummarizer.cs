namespace FeedbackFix.Clustering.Labeling;

/// <summary>Produces a cluster's title and summary lead; the worker calls it when a cluster needs a new label.</summary>
public interface IClusterSummarizer
{
    /// <summary>
    /// The label of cluster <paramref name="clusterId"/> from its <paramref name="items"/> (a sample: the
    /// newest), its <paramref name="centroid"/>, the term statistics of all clusters and its true
    /// <paramref name="facts"/> (which a model may be shown; the caller appends their sentence). Never
    /// fails for want of a remote model: implementations that use one fall back to the c-TF-IDF label.
    /// </summary>
    Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default);
}
