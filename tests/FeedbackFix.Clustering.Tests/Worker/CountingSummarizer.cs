using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>Passes to <paramref name="inner"/>, counting the calls and keeping what each was given.</summary>
internal sealed class CountingSummarizer(IClusterSummarizer inner) : IClusterSummarizer
{
    public List<(int Items, ClusterFacts Facts)> Calls { get; } = [];

    public Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default)
    {
        Calls.Add((items.Count, facts));
        return inner.SummarizeAsync(clusterId, items, centroid, corpus, facts, cancellationToken);
    }
}
