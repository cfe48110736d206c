using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.AI;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Clusters one batch of stream entries: load the items, embed those without a vector (outside
/// the lease), then under the membership lease place each in its cluster and commit, and only
/// then acknowledge. A crash anywhere before the ack leaves the entries pending for a retry, and
/// an item already in a cluster is skipped, so nothing is lost or counted twice.
/// </summary>
internal sealed class FeedbackBatchProcessor(
    FeedbackStore feedback,
    VectorStore vectors,
    ClusterMembershipStore membership,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    EmbeddingModelInfo model,
    ClusterSpaceCache cache,
    MembershipLease lease,
    ClusterLabeling labeling,
    ClusteringTelemetry telemetry,
    TimeProvider time,
    ILogger<FeedbackBatchProcessor> logger)
{
    /// <summary>Processes the entries; returns how many items were newly clustered.</summary>
    public async Task<int> ProcessAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, CancellationToken cancellationToken)
    {
        using var activity = ClusteringTelemetry.StartBatch([.. entries.Select(e => e.ToFeedbackEntry().TraceParent)]);
        try
        {
            var clustered = await ProcessBatchAsync(queue, entries, cancellationToken);
            activity?.SetTag("feedbackfix.clustered", clustered);
            return clustered;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<int> ProcessBatchAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var work = await LoadAsync(queue, entries);
        if (work.Count == 0)
        {
            return 0;
        }

        var loaded = time.GetTimestamp();
        await EmbedMissingAsync(work, cancellationToken);
        var embedded = time.GetTimestamp();

        var held = await lease.AcquireAsync(cancellationToken);
        if (held is null)
        {
            logger.LogInformation("Membership lease busy; leaving {Count} entries pending for a retry", work.Count);
            return 0;
        }

        var leased = time.GetTimestamp();
        List<(string ItemId, Assignment Assignment)> placed;
        try
        {
            placed = await PlaceAsync(work, held);
        }
        finally
        {
            await held.ReleaseAsync();
        }

        var committed = time.GetTimestamp();
        // All acknowledgements in one XACK, not one per entry.
        await queue.AckAsync([.. work.Select(item => item.Entry.Id)]);

        labeling.MarkChanged(placed.Select(p => p.Assignment.ClusterId));
        logger.LogInformation(
            "Batch of {ItemCount} in {ElapsedMs:F1} ms: load {LoadMs:F1}, embed {EmbedMs:F1}, lease {LeaseMs:F1}, place and commit {PlaceMs:F1}, ack {AckMs:F1}",
            work.Count, Ms(started, time.GetTimestamp()), Ms(started, loaded), Ms(loaded, embedded), Ms(embedded, leased), Ms(leased, committed), Ms(committed, time.GetTimestamp()));
        return placed.Count;
    }

    /// <summary>The entries' items still to cluster; the rest are acknowledged or dead-lettered here.</summary>
    private async Task<List<PendingItem>> LoadAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries)
    {
        var valid = new List<WorkItem>(entries.Count);
        foreach (var entry in entries)
        {
            if (RecordId.IsValid(entry.ToFeedbackEntry().FeedbackId))
            {
                valid.Add(entry);
                continue;
            }
            await DeadLetterAsync(queue, entry, "the entry has no valid feedback id");
        }

        var items = await feedback.GetManyAsync([.. valid.Select(e => e.ToFeedbackEntry().FeedbackId)]);
        var work = new List<PendingItem>(valid.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nothingToDo = new List<string>();
        var clustered = new List<(string ClusterId, FeedbackItem Item)>();
        for (var i = 0; i < valid.Count; i++)
        {
            switch (items[i])
            {
                case null:
                    await DeadLetterAsync(queue, valid[i], $"feedback '{valid[i].ToFeedbackEntry().FeedbackId}' does not exist");
                    break;
                case { ClusterId: { } clusterId } member:
                    // Clustered already: a retry, or an edit queued again (FeedbackStore.AddOrUpdateAsync).
                    // Its place stays; labelling takes its text if that changed.
                    clustered.Add((clusterId, member));
                    nothingToDo.Add(valid[i].Id);
                    break;
                case var duplicate when !seen.Add(duplicate.Id):
                    nothingToDo.Add(valid[i].Id);
                    break;
                case var item:
                    work.Add(new PendingItem(valid[i], item));
                    break;
            }
        }
        await queue.AckAsync(nothingToDo);
        labeling.Edited(clustered);
        return work;
    }

    private async Task EmbedMissingAsync(List<PendingItem> work, CancellationToken cancellationToken)
    {
        var stored = await vectors.GetItemVectorsAsync([.. work.Select(w => w.Item.Id)], model.Dimension);
        for (var i = 0; i < work.Count; i++)
        {
            work[i].Vector = stored[i];
        }

        var missing = work.Where(w => w.Vector is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        using var activity = ClusteringTelemetry.StartEmbedding(missing.Count, model.Name);
        var embeddings = await embedder.GenerateAsync(missing.Select(w => EmbeddingText.For(w.Item)), cancellationToken: cancellationToken);
        for (var i = 0; i < missing.Count; i++)
        {
            missing[i].Vector = embeddings[i].Vector.ToArray();
        }
        await vectors.SaveItemVectorsAsync([.. missing.Select(w => (w.Item.Id, w.Vector!))]);
    }

    private async Task<List<(string ItemId, Assignment Assignment)>> PlaceAsync(List<PendingItem> work, Domain.Redis.RedisLease held)
    {
        for (var attempt = 1; ; attempt++)
        {
            await cache.EnsureCurrentAsync();
            var placed = new List<(string ItemId, Assignment Assignment)>(work.Count);
            foreach (var item in work)
            {
                using var activity = ClusteringTelemetry.StartItem("cluster feedback", item.Entry.ToFeedbackEntry().TraceParent, item.Item.Id);
                var assignment = cache.Space.Assign(item.Item.Id, item.Vector!);
                activity?.SetTag("feedbackfix.cluster_id", assignment.ClusterId);
                activity?.SetTag("feedbackfix.cluster_opened", assignment.Opened);
                placed.Add((item.Item.Id, assignment));
            }

            var changes = MembershipPlanner.ForAssignments(cache.Space, placed);
            bool committed;
            using (var commit = ClusteringTelemetry.StartCommit(placed.Count, changes.Updates.Count))
            {
                try
                {
                    committed = await membership.CommitAsync(changes, held, cache.Version);
                    commit?.SetTag("feedbackfix.committed", committed);
                }
                catch (Exception ex)
                {
                    commit?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    // Whether anything was written is unknown, and the copy holds the placements: reload.
                    cache.Invalidate();
                    throw;
                }
            }

            if (committed)
            {
                cache.Committed(work.Select(w => (w.Item.Id, w.Vector!)));
                labeling.Track(work.Select((w, i) => (placed[i].Assignment.ClusterId, w.Item)));
                telemetry.Clustered.Add(placed.Count);
                telemetry.Opened.Add(placed.Count(p => p.Assignment.Opened));
                logger.LogInformation("Clustered {ItemCount} items into {ClusterCount} clusters ({OpenedCount} new)",
                    placed.Count, changes.Updates.Count, changes.Updates.Count(u => u.Opened));
                return placed;
            }

            // A cluster changed status under us, a person curated, or the lease lapsed: the in-memory copy
            // already holds the refused decisions, so reload and decide again.
            cache.Invalidate();
            if (attempt == 2)
            {
                throw new InvalidOperationException("The membership commit was refused twice; the batch stays pending.");
            }
        }
    }

    private double Ms(long from, long to) => time.GetElapsedTime(from, to).TotalMilliseconds;

    private async Task DeadLetterAsync(StreamWorkQueue queue, WorkItem entry, string reason)
    {
        logger.LogWarning("Dead-lettering stream entry {EntryId}: {Reason}", entry.Id, reason);
        telemetry.DeadLettered.Add(1);
        await queue.DeadLetterAsync(entry, reason);
    }

    private sealed class PendingItem(WorkItem entry, FeedbackItem item)
    {
        public WorkItem Entry { get; } = entry;

        public FeedbackItem Item { get; } = item;

        public float[]? Vector { get; set; }
    }
}
