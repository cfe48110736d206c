using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Keeps cluster titles and summaries current as clusters grow: the term statistics of every
/// cluster this replica has seen (for c-TF-IDF), and a relabel debounced by growth for large
/// clusters. A title or summary a person edited is never replaced. Used from the worker's one
/// loop only, so it needs no locking. Intake only marks clusters as changed; the worker flushes
/// the marks when the queue is idle or every LabelInterval, so a cluster touched by ten batches
/// in a burst is labelled once, and the labels' Redis reads stay off the intake path.
/// </summary>
internal sealed class ClusterLabeling(
    IClusterSummarizer summarizer,
    RelabelPolicy policy,
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    FeedbackStore feedback,
    ILogger<ClusterLabeling> logger)
{
    /// <summary>Most items read to label one cluster: the newest are enough to name it.</summary>
    private const int MaxItemsRead = 500;

    private const int TextReadBatch = 1_000;

    /// <summary>Characters of recent items' titles and bodies kept for labels, 100 more per item for its overhead: at most about 64 MB.</summary>
    private const long RecentTextChars = 32_000_000;

    /// <summary>Clusters whose label inputs are read at once; a refinement can relabel hundreds.</summary>
    private const int ConcurrentClusters = 32;

    private TermStatistics _corpus = new();
    private int _corpusLoads = -1;
    private readonly Dictionary<string, long> _labelledAtSize = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forced = new(StringComparer.Ordinal);
    private readonly RecentLabelTexts _recent = new(RecentTextChars);

    /// <summary>Whether clusters wait for a label.</summary>
    public bool HasPending => _changed.Count > 0 || _forced.Count > 0;

    /// <summary>
    /// Marks clusters for the next <see cref="FlushAsync"/>; <paramref name="force"/> relabels them
    /// whatever their growth (a merge or a move changed what they are about).
    /// </summary>
    public void MarkChanged(IEnumerable<string> clusterIds, bool force = false) => (force ? _forced : _changed).UnionWith(clusterIds);

    /// <summary>Labels every marked cluster that still exists (forced ones always, the rest by the policy).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        var forced = _forced.ToList();
        _changed.ExceptWith(_forced);
        var changed = _changed.ToList();
        _forced.Clear();
        _changed.Clear();
        await RelabelAsync(forced, cancellationToken, force: true);
        await RelabelAsync(changed, cancellationToken);
        logger.LogInformation("Labelled up to {ClusterCount} changed clusters in {ElapsedMs} ms", forced.Count + changed.Count, Environment.TickCount64 - started);
    }

    /// <summary>
    /// Brings the term statistics in line with a refinement's moves: only the moved items' texts
    /// are read. After another replica's commit reloaded the space the statistics may miss its
    /// items, so then every cluster's terms are counted again instead.
    /// </summary>
    public async Task ApplyMovesAsync(IReadOnlyList<ItemMove> moves)
    {
        if (cache.Loads != _corpusLoads)
        {
            await RebuildCorpusAsync();
            return;
        }

        foreach (var chunk in moves.Chunk(TextReadBatch))
        {
            var items = await feedback.GetManyAsync([.. chunk.Select(m => m.ItemId)]);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (items[i] is { } item)
                {
                    var text = EmbeddingText.For(item);
                    _corpus.Remove(chunk[i].FromClusterId, text);
                    _corpus.Add(chunk[i].ToClusterId, text);
                }
            }
        }
    }

    /// <summary>Adds newly clustered items to the term statistics.</summary>
    public void Track(IEnumerable<(string ClusterId, FeedbackItem Item)> placed)
    {
        foreach (var (clusterId, item) in placed)
        {
            _corpus.Add(clusterId, EmbeddingText.For(item));
            _recent.Add(item);
        }
    }

    /// <summary>
    /// Recounts every cluster's terms from its members' texts: at start, and after a refinement
    /// moved items between clusters (moves and merges shift terms from cluster to cluster).
    /// </summary>
    public async Task RebuildCorpusAsync()
    {
        var corpus = new TermStatistics();
        var space = cache.Space;
        var loads = cache.Loads;
        var members = space.ClusterIds.SelectMany(id => space.GetMembers(id).Select(item => (ClusterId: id, ItemId: item))).ToList();
        foreach (var chunk in members.Chunk(TextReadBatch))
        {
            var items = await feedback.GetManyAsync([.. chunk.Select(m => m.ItemId)]);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (items[i] is { } item)
                {
                    corpus.Add(chunk[i].ClusterId, EmbeddingText.For(item));
                }
            }
        }
        _corpus = corpus;
        _corpusLoads = loads;
        logger.LogInformation("Counted terms of {ItemCount} items in {ClusterCount} clusters", members.Count, space.ClusterCount);
    }

    /// <summary>Forgets merged clusters' label sizes, so survivors are labelled again.</summary>
    public void Merged(IEnumerable<ClusterMerge> merges)
    {
        foreach (var merge in merges)
        {
            _labelledAtSize.Remove(merge.AbsorbedId);
            _labelledAtSize.Remove(merge.SurvivorId);
        }
    }

    public async Task RelabelAsync(IReadOnlyList<string> clusterIds, CancellationToken cancellationToken, bool force = false)
    {
        var due = clusterIds
            .Select(id => (Id: id, Size: cache.Space.GetSize(id)))
            .Where(c => c.Size > 0 && (force || policy.ShouldRelabel(_labelledAtSize.GetValueOrDefault(c.Id), c.Size)))
            .ToList();

        // A batch touches dozens of clusters (most of them new): their reads and writes go out
        // together, a few round trips per chunk instead of four per cluster one after another.
        foreach (var chunk in due.Chunk(ConcurrentClusters))
        {
            var loaded = await Task.WhenAll(chunk.Select(c => LoadLabelItemsAsync(c.Id)));
            var saves = new List<Task<bool>>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (loaded[i].Count == 0)
                {
                    saves.Add(Task.FromResult(false));
                    continue;
                }

                var label = await summarizer.SummarizeAsync(chunk[i].Id, loaded[i], cache.Space.GetCentroid(chunk[i].Id), _corpus, cancellationToken);
                saves.Add(membership.SetLabelsAsync(chunk[i].Id, label.Title, label.Summary));
            }

            var saved = await Task.WhenAll(saves);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (saved[i])
                {
                    logger.LogDebug("Labelled cluster {ClusterId} at size {Size}", chunk[i].Id, chunk[i].Size);
                }
                if (loaded[i].Count > 0)
                {
                    _labelledAtSize[chunk[i].Id] = chunk[i].Size;
                }
            }
        }
    }

    // Members and their vectors come from the in-memory space (current under the version rule);
    // texts from the recent items kept in memory, and only the others are read from Redis. Loads
    // of a chunk run side by side, so they only look the kept texts up (before their read) and
    // never add to them.
    private async Task<List<LabelItem>> LoadLabelItemsAsync(string clusterId)
    {
        var members = cache.Space.GetNewestMembers(clusterId, MaxItemsRead);
        var known = members.Select(m => _recent.Find(m.ItemId)).ToList();
        var unknown = members.Where((_, i) => known[i] is null).Select(m => m.ItemId).ToList();
        var read = unknown.Count == 0 ? [] : await feedback.GetManyAsync(unknown);
        var next = 0;
        var items = new List<LabelItem>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            if (known[i] is { } kept)
            {
                items.Add(kept with { Vector = members[i].Vector });
            }
            else if (read[next++] is { } item)
            {
                items.Add(new LabelItem(item.Id, item.Title, item.Body, item.Source, item.CreatedAt, members[i].Vector));
            }
        }
        return items;
    }
}
