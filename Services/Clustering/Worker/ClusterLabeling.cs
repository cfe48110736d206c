using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Keeps cluster titles and summaries current as clusters grow: the term statistics of every
/// cluster this replica has seen (for c-TF-IDF), and a relabel debounced by growth for large
/// clusters. The summary's counts sentence is not debounced: every flush rebuilds it from the
/// counts the membership commits keep on the cluster (one hash read, no items) after the stored
/// lead, so it is exact once the queue is idle. A title or summary a person edited is never replaced. Used from the worker's one
/// loop only, so it needs no locking. Intake only marks clusters as changed; the worker flushes
/// the marks when the queue is idle or every LabelInterval, so a cluster touched by ten batches
/// in a burst is labelled once, and the labels' Redis reads stay off the intake path.
/// </summary>
internal sealed partial class ClusterLabeling(
    IClusterSummarizer summarizer,
    RelabelPolicy policy,
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    FeedbackStore feedback,
    IOptions<LabelingOptions> options,
    ILogger<ClusterLabeling> logger)
{
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
        LogFlushed(forced.Count + changed.Count, Environment.TickCount64 - started);
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
    /// Takes the new text of reports edited after they were clustered (their entries come back on
    /// the stream) and forces a relabel of their clusters, so titles and summaries follow an edit
    /// at the next flush. Membership and the stored vector stay: the report keeps the place its
    /// first text earned. A report whose text is the one kept (a redelivered entry) changes
    /// nothing. The term statistics swap the old text's terms for the new ones when the old text
    /// is still kept; otherwise they keep the old terms until the next recount.
    /// </summary>
    public void Edited(IEnumerable<(string ClusterId, FeedbackItem Item)> items)
    {
        foreach (var (clusterId, item) in items)
        {
            var before = _recent.Find(item.Id);
            if (before is not null && before.Title == item.Title && before.Body == item.Body)
            {
                continue;
            }

            if (before is not null)
            {
                _corpus.Remove(clusterId, EmbeddingText.For(before.Title, before.Body));
                _corpus.Add(clusterId, EmbeddingText.For(item));
            }
            _recent.Replace(item);
            _forced.Add(clusterId);
            LogEdited(item.Id, clusterId);
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
        LogCorpusCounted(members.Count, space.ClusterCount);
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

    /// <summary>
    /// Relabels the clusters that are due (forced ones, those the policy says have grown enough, and
    /// any without a stored lead) and rewrites the counts sentence of the others when it changed.
    /// </summary>
    public async Task RelabelAsync(IReadOnlyList<string> clusterIds, CancellationToken cancellationToken, bool force = false)
    {
        var live = clusterIds.Where(id => cache.Space.GetSize(id) > 0).ToList();

        // A batch touches dozens of clusters (most of them new): their reads and writes go out
        // together, a few round trips per chunk instead of four per cluster one after another.
        foreach (var chunk in live.Chunk(ConcurrentClusters))
        {
            var bases = (await membership.GetLabelBasesAsync(chunk)).OfType<ClusterLabelBasis>().Where(b => !b.EditedByPerson).ToList();
            var due = bases.Where(b => force || b.SummaryLead is null || policy.ShouldRelabel(_labelledAtSize.GetValueOrDefault(b.ClusterId), b.Size)).ToList();
            var loaded = await Task.WhenAll(due.Select(b => LoadLabelItemsAsync(b.ClusterId)));
            var labels = new Dictionary<string, ClusterLabel>(StringComparer.Ordinal);
            for (var i = 0; i < due.Count; i++)
            {
                if (loaded[i].Count > 0)
                {
                    var id = due[i].ClusterId;
                    labels[id] = await summarizer.SummarizeAsync(id, loaded[i], cache.Space.GetCentroid(id), _corpus, Facts(due[i]), cancellationToken);
                }
            }

            var saves = new List<(ClusterLabelBasis Basis, bool Relabelled, Task<LabelSave> Save)>(bases.Count);
            foreach (var basis in bases)
            {
                var facts = Facts(basis);
                if (labels.TryGetValue(basis.ClusterId, out var label))
                {
                    saves.Add((basis, true, membership.SetLabelsAsync(basis, label.Summary(facts), label.Title, label.Lead)));
                }
                else if (basis.SummaryLead is { } lead && ClusterLabel.Compose(lead, facts) is var summary && summary != basis.Summary)
                {
                    saves.Add((basis, false, membership.SetLabelsAsync(basis, summary)));
                }
            }

            await Task.WhenAll(saves.Select(s => s.Save));
            foreach (var (basis, relabelled, save) in saves)
            {
                switch (save.Result)
                {
                    case LabelSave.Saved when relabelled:
                        _labelledAtSize[basis.ClusterId] = basis.Size;
                        LogLabelled(basis.ClusterId, basis.Size);
                        break;
                    case LabelSave.Saved:
                        LogCountsRewritten(basis.ClusterId, basis.Size);
                        break;
                    case LabelSave.CountsChanged:
                        // Another replica committed in between (and marked it too); whoever flushes
                        // last reads the counts last, so the summary still ends exact.
                        (relabelled && force ? _forced : _changed).Add(basis.ClusterId);
                        LogCountsMoved(basis.ClusterId);
                        break;
                }
            }
        }
    }

    private static ClusterFacts Facts(ClusterLabelBasis basis) => new(basis.Size, basis.Sources, basis.FirstSeen, basis.LastSeen);

    // Members and their vectors come from the in-memory space (current under the version rule);
    // texts from the recent items kept in memory, and only the others are read from Redis. Loads
    // of a chunk run side by side, so they only look the kept texts up (before their read) and
    // never add to them.
    private async Task<List<LabelItem>> LoadLabelItemsAsync(string clusterId)
    {
        // A sample: the newest MaxItemsRead members. It gives the title (and what a chat model is
        // shown), and the key terms only of a cluster the term statistics do not hold yet; the terms
        // otherwise count every member, and are debounced by RelabelPolicy. The counts sentence
        // never comes from this sample (see RelabelAsync).
        var members = cache.Space.GetNewestMembers(clusterId, options.Value.MaxItemsRead);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Labelled up to {ClusterCount} changed clusters in {ElapsedMs} ms")]
    private partial void LogFlushed(int clusterCount, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Counted terms of {ItemCount} items in {ClusterCount} clusters")]
    private partial void LogCorpusCounted(int itemCount, int clusterCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {FeedbackId} of cluster {ClusterId} came back on the queue with a text not kept here (an edit); relabelling the cluster")]
    private partial void LogEdited(string feedbackId, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Labelled cluster {ClusterId} at size {Size}")]
    private partial void LogLabelled(string clusterId, long size);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rewrote the counts sentence of cluster {ClusterId} at size {Size}")]
    private partial void LogCountsRewritten(string clusterId, long size);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Counts of cluster {ClusterId} changed while it was labelled; labelling it again")]
    private partial void LogCountsMoved(string clusterId);
}
