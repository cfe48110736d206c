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
/// loop only, so it needs no locking; with a chat model, its calls run beside the loop
/// (<see cref="ModelSummaries"/>) and the flush hands them what they need. Intake only marks clusters as changed; the worker flushes
/// the marks when the queue is idle or every LabelInterval, so a cluster touched by ten batches
/// in a burst is labelled once, and the labels' Redis reads stay off the intake path. A mark goes
/// only once its cluster's labels are saved, so a flush that fails or is cancelled part-way leaves
/// the rest to the next one.
/// </summary>
internal sealed partial class ClusterLabeling(
    IClusterSummarizer summarizer,
    ModelSummaries model,
    ClusterLabeler labeler,
    RelabelPolicy policy,
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    FeedbackStore feedback,
    IOptions<LabelingOptions> options,
    TimeProvider time,
    ILogger<ClusterLabeling> logger)
{
    private const int TextReadBatch = 1_000;

    /// <summary>Clusters whose labels are checked in one pipelined read when a tenure starts.</summary>
    private const int LabelScanBatch = 1_000;

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

    /// <summary>
    /// Labels every marked cluster that still exists (forced ones always, the rest by the policy) and
    /// rewrites the counts sentence of the others. Every label it writes is computed in process, so
    /// every cluster has one by the end of the flush; with a chat model, the clusters it relabels are
    /// handed to <see cref="ModelSummaries"/> too, whose answers follow while the writer goes on.
    /// <paramref name="tenure"/> ends the model's calls with the writer's tenure.
    /// </summary>
    public async Task FlushAsync(CancellationToken tenure)
    {
        var started = time.GetTimestamp();
        var forced = _forced.ToList();
        var changed = _changed.Where(id => !_forced.Contains(id)).ToList();
        await RelabelAsync(forced, force: true, tenure);
        await RelabelAsync(changed, force: false, tenure);
        LogFlushed(forced.Count + changed.Count, (long)time.GetElapsedTime(started).TotalMilliseconds);
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
            await RecountTermsAsync();
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
    /// Recounts every cluster's terms from its members' texts, and marks the clusters that have no
    /// generated label. The writer calls it when its tenure starts, once it has loaded the space.
    /// </summary>
    public async Task RebuildCorpusAsync()
    {
        await RecountTermsAsync();
        await MarkUnlabelledAsync();
    }

    // At start, and after a refinement moved items between clusters (moves and merges shift terms
    // from cluster to cluster) when another's commit has reloaded the space meanwhile.
    private async Task RecountTermsAsync()
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

    // The marks live in the writer's memory only. A writer that stopped, lost the lease or met an
    // outage for good before it flushed leaves clusters its batches opened with title "" and no
    // summary_lead, which nothing marks again; so a tenure starts by marking every cluster without a
    // generated lead (a person's labels aside), one pipelined read per thousand clusters. Chosen over
    // keeping the marks in Redis: that is a write at every batch and every flush, on the writer's hot
    // path, for what this one read at a takeover finds anyway. What it does not bring back are the
    // counts sentences and forced relabels (edits, curation) a lost writer had pending; the next
    // change of those clusters does.
    private async Task MarkUnlabelledAsync()
    {
        var marked = 0;
        foreach (var chunk in cache.Space.ClusterIds.Chunk(LabelScanBatch))
        {
            foreach (var basis in (await membership.GetLabelBasesAsync(chunk)).OfType<ClusterLabelBasis>())
            {
                if (basis.SummaryLead is null && !basis.EditedByPerson && _changed.Add(basis.ClusterId))
                {
                    marked++;
                }
            }
        }
        if (marked > 0)
        {
            LogUnlabelledMarked(marked);
        }
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

    // Relabels the clusters that are due (forced ones, those the policy says have grown enough, and
    // any without a stored lead) and rewrites the counts sentence of the others when it changed. With
    // a chat model, every due cluster is asked about too (what it is shown is taken here, on the loop:
    // its calls may not read the space, the kept texts or the term statistics), and a due cluster whose
    // lead the model wrote, not forced, keeps that lead (no key terms in place of the model's sentences
    // while it grows) until the model answers again. A chunk's marks go once its saves are back; a
    // failure or a cancellation leaves its marks and those of the chunks after it.
    private async Task RelabelAsync(IReadOnlyList<string> clusterIds, bool force, CancellationToken tenure)
    {
        var live = clusterIds.Where(id => cache.Space.GetSize(id) > 0).ToList();
        Unmark(clusterIds.Except(live), force);

        // A batch touches dozens of clusters (most of them new): their reads and writes go out
        // together, a few round trips per chunk instead of four per cluster one after another.
        foreach (var chunk in live.Chunk(ConcurrentClusters))
        {
            tenure.ThrowIfCancellationRequested();
            var bases = (await membership.GetLabelBasesAsync(chunk)).OfType<ClusterLabelBasis>().Where(b => !b.EditedByPerson).ToList();
            var due = bases.Where(b => force || b.SummaryLead is null || policy.ShouldRelabel(_labelledAtSize.GetValueOrDefault(b.ClusterId), b.Size)).ToList();
            var loaded = (await Task.WhenAll(due.Select(b => LoadLabelItemsAsync(b.ClusterId))))
                .Select((items, i) => (Basis: due[i], Items: items))
                .Where(d => d.Items.Count > 0)
                .ToList();
            var labels = new Dictionary<string, ClusterLabel>(StringComparer.Ordinal);
            foreach (var (basis, items) in loaded.Where(d => force || !model.Enabled || d.Basis is not { LeadByModel: true, SummaryLead: not null }))
            {
                labels[basis.ClusterId] = await summarizer.SummarizeAsync(basis.ClusterId, items, cache.Space.GetCentroid(basis.ClusterId), _corpus, Facts(basis), tenure);
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
            Unmark(chunk, force);
            var relabelSaved = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (basis, relabelled, save) in saves)
            {
                switch (save.Result)
                {
                    case LabelSave.Saved when relabelled:
                        _labelledAtSize[basis.ClusterId] = basis.Size;
                        relabelSaved.Add(basis.ClusterId);
                        LogLabelled(basis.ClusterId, basis.Size);
                        break;
                    case LabelSave.Saved:
                        LogCountsRewritten(basis.ClusterId, basis.Size);
                        break;
                    case LabelSave.ChangedSinceRead:
                        // Another replica committed in between, or the model's answer was saved (and
                        // it is marked again); whoever flushes last reads last, so the summary still ends exact.
                        (relabelled && force ? _forced : _changed).Add(basis.ClusterId);
                        LogChangedWhileLabelled(basis.ClusterId);
                        break;
                }
            }
            if (model.Enabled)
            {
                AskModel(loaded, labels, relabelSaved, tenure);
            }
        }
    }

    // The model is asked about every due cluster whose new key terms were saved (a refused one is
    // marked again and asked about at the next flush, under the lead that flush saves) and every one
    // that keeps the model's lead, under that lead.
    private void AskModel(
        List<(ClusterLabelBasis Basis, List<LabelItem> Items)> loaded, Dictionary<string, ClusterLabel> labels, HashSet<string> relabelSaved, CancellationToken tenure)
    {
        foreach (var (basis, items) in loaded)
        {
            string lead;
            if (labels.TryGetValue(basis.ClusterId, out var label))
            {
                if (!relabelSaved.Contains(basis.ClusterId))
                {
                    continue;
                }
                lead = label.Lead;
            }
            else
            {
                lead = basis.SummaryLead!;
                _labelledAtSize[basis.ClusterId] = basis.Size;
            }
            model.Ask(labeler.Question(basis.ClusterId, items, cache.Space.GetCentroid(basis.ClusterId), _corpus, Facts(basis), lead), tenure);
        }
    }

    // Forced marks also settle the plain mark of the same cluster.
    private void Unmark(IEnumerable<string> clusterIds, bool force)
    {
        foreach (var id in clusterIds)
        {
            if (force)
            {
                _forced.Remove(id);
            }
            _changed.Remove(id);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Counts or lead of cluster {ClusterId} changed while it was labelled; labelling it again")]
    private partial void LogChangedWhileLabelled(string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked {ClusterCount} clusters without a generated label to be labelled")]
    private partial void LogUnlabelledMarked(int clusterCount);
}
