using FeedbackFix.Clustering.Labeling;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// Passes to <paramref name="inner"/> after awaiting <paramref name="beforeCall"/> with the call's number
/// (from 1), so a test can act between a flush's read of a cluster and its save; honours the caller's
/// cancellation as a chat model's client does.
/// </summary>
internal sealed class HookedSummarizer(IClusterSummarizer inner, Func<int, Task> beforeCall) : IClusterSummarizer
{
    private int _calls;

    public HookedSummarizer(IClusterSummarizer inner, Action<int> beforeCall)
        : this(inner, call =>
        {
            beforeCall(call);
            return Task.CompletedTask;
        })
    {
    }

    public async Task<ClusterLabel> SummarizeAsync(
        string clusterId,
        IReadOnlyList<LabelItem> items,
        float[] centroid,
        TermStatistics corpus,
        ClusterFacts facts,
        CancellationToken cancellationToken = default)
    {
        await beforeCall(Interlocked.Increment(ref _calls));
        cancellationToken.ThrowIfCancellationRequested();
        return await inner.SummarizeAsync(clusterId, items, centroid, corpus, facts, cancellationToken);
    }
}
