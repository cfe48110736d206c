using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>Passes to <paramref name="inner"/>, counting the calls and keeping what each was given (a flush makes several at once).</summary>
internal sealed class CountingSummarizer(IClusterSummarizer inner) : IClusterSummarizer
{
    private readonly List<(int Items, ClusterFacts Facts)> _calls = [];

    public IReadOnlyList<(int Items, ClusterFacts Facts)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default)
    {
        lock (_calls)
        {
            _calls.Add((items.Count, facts));
        }
        return inner.SummarizeAsync(clusterId, items, centroid, corpus, facts, cancellationToken);
    }
}
