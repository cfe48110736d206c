using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Labeling;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Keeps cluster titles and summaries current as clusters grow: the term statistics of every
/// cluster this replica has seen (for c-TF-IDF), and a relabel debounced by growth for large
/// clusters. A title or summary a person edited is never replaced. Used from the worker's one
/// loop only, so it needs no locking.
/// </summary>
internal sealed class ClusterLabeling(
    IClusterSummarizer summarizer,
    RelabelPolicy policy,
    ClusterSpaceCache cache,
    ClusterMembershipStore membership,
    FeedbackStore feedback,
    VectorStore vectors,
    ILogger<ClusterLabeling> logger)
{
    /// <summary>Most items read to label one cluster: the newest are enough to name it.</summary>
    private const int MaxItemsRead = 500;

    private const int TextReadBatch = 1_000;

    private TermStatistics _corpus = new();
    private readonly Dictionary<string, long> _labelledAtSize = new(StringComparer.Ordinal);

    /// <summary>Adds newly clustered items to the term statistics.</summary>
    public void Track(IEnumerable<(string ClusterId, FeedbackItem Item)> placed)
    {
        foreach (var (clusterId, item) in placed)
        {
            _corpus.Add(clusterId, EmbeddingText.For(item));
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
        foreach (var clusterId in clusterIds)
        {
            var size = cache.Space.GetSize(clusterId);
            var labelledAt = _labelledAtSize.GetValueOrDefault(clusterId);
            if (size == 0 || (!force && !policy.ShouldRelabel(labelledAt, size)))
            {
                continue;
            }

            var memberIds = (await membership.GetMembersAsync(clusterId)).TakeLast(MaxItemsRead).ToList();
            var items = await feedback.GetManyAsync(memberIds);
            var itemVectors = await vectors.GetItemVectorsAsync(memberIds);
            var labelItems = items
                .Select((item, i) => item is null ? null : new LabelItem(item.Id, item.Title, item.Body, item.Source, item.CreatedAt, itemVectors[i]))
                .OfType<LabelItem>()
                .ToList();
            if (labelItems.Count == 0)
            {
                continue;
            }

            var label = await summarizer.SummarizeAsync(clusterId, labelItems, cache.Space.GetCentroid(clusterId), _corpus, cancellationToken);
            if (await membership.SetLabelsAsync(clusterId, label.Title, label.Summary))
            {
                logger.LogDebug("Labelled cluster {ClusterId} at size {Size}", clusterId, size);
            }
            _labelledAtSize[clusterId] = size;
        }
    }
}
