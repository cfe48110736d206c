namespace FeedbackFix.Clustering.Labeling;

/// <summary>The summariser of every flush: <see cref="ClusterLabeler"/>'s c-TF-IDF label, computed in process.</summary>
public sealed class TermsClusterSummarizer(ClusterLabeler labeler) : IClusterSummarizer
{
    public Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(labeler.Label(clusterId, items, centroid, corpus));
}
