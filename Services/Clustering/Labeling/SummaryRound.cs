namespace FeedbackFix.Clustering.Labeling;

/// <summary>
/// The summariser's calls of one flush of labels: at most <see cref="LlmLabelingOptions.Concurrency"/>
/// at once, and all of them within <see cref="LlmLabelingOptions.FlushBudget"/> from the round's
/// start. A cluster the summariser has not answered for when the budget runs out (or whose call would
/// start after) gets its key terms instead, marked <c>OutOfTime</c>. A summariser computed in process
/// ignores the budget's token and so is never cut short. The calls touch nothing of the caller's but
/// the term statistics, which are thread-safe.
/// </summary>
internal sealed class SummaryRound : IDisposable
{
    private readonly IClusterSummarizer _summarizer;
    private readonly ClusterLabeler _labeler;
    private readonly int _concurrency;
    private readonly CancellationTokenSource _budget;
    private readonly CancellationTokenSource _calls;
    private readonly CancellationToken _cancellationToken;

    /// <param name="cancellationToken">The caller's (the writer's tenure): cancelled, the round throws rather than falls back.</param>
    public SummaryRound(IClusterSummarizer summarizer, ClusterLabeler labeler, LlmLabelingOptions llm, TimeProvider time, CancellationToken cancellationToken)
    {
        _summarizer = summarizer;
        _labeler = labeler;
        _concurrency = llm.Concurrency;
        _cancellationToken = cancellationToken;
        _budget = new CancellationTokenSource(llm.FlushBudget, time);
        _calls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _budget.Token);
    }

    /// <summary>The labels of <paramref name="requests"/>, in their order.</summary>
    public async Task<(ClusterLabel Label, bool OutOfTime)[]> SummarizeAsync(IReadOnlyList<SummaryRequest> requests, TermStatistics corpus)
    {
        var labels = new (ClusterLabel Label, bool OutOfTime)[requests.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = _cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), parallel, async (i, _) =>
        {
            var (clusterId, items, centroid, facts) = requests[i];
            try
            {
                labels[i] = (await _summarizer.SummarizeAsync(clusterId, items, centroid, corpus, facts, _calls.Token), false);
            }
            catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
            {
                labels[i] = (_labeler.Label(clusterId, items, centroid, corpus), true);
            }
        });
        return labels;
    }

    public void Dispose()
    {
        _calls.Dispose();
        _budget.Dispose();
    }
}
