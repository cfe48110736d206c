using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// Places one batch of <c>stream:embedded</c> entries, holding the membership lease: brings the
/// space up to <c>clustering:version</c>, then loads the items and their stored vectors (one
/// pipelined read each), places each item in its cluster in the in-memory space, commits fenced on
/// the lease and that version, and only then acknowledges (and deletes) the entries. A refused
/// commit (a person curated meanwhile) is decided again from a fresh space and fresh reads, so a
/// report deleted meanwhile is never written back. An item already in a cluster is not placed
/// again (a retry after a crash between commit and ack, an edited report, or one a person placed
/// while the batch was decided), so nothing is placed twice; one a person placed before it had a
/// vector joins the space with it.
/// </summary>
internal sealed partial class ItemPlacer(
    FeedbackStore feedback,
    VectorStore vectors,
    ClusterMembershipStore membership,
    EmbeddingModelInfo model,
    ClusterSpaceCache cache,
    ClusterLabeling labeling,
    ClusteringTelemetry telemetry,
    TimeProvider time,
    ILogger<ItemPlacer> logger)
{
    /// <summary>Places the entries' items; returns how many were newly clustered.</summary>
    public Task<int> PlaceAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, RedisLease held) =>
        StreamBatches.TracedAsync("cluster batch", RedisKeys.EmbeddedStream, "feedbackfix.clustered", entries, () => PlaceBatchAsync(queue, entries, held));

    private async Task<int> PlaceBatchAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, RedisLease held)
    {
        var started = time.GetTimestamp();
        var (loading, placing, committing) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            // The space's version first, then the reports: a person who deletes or places one after
            // this read moves the version on, which refuses the commit, so nothing read here is stale
            // when the commit lands.
            await cache.EnsureCurrentAsync();
            var work = await TimedLoadAsync(entries, reread: attempt > 1);
            if (cache.Invalidated)
            {
                // A report a person placed before it had a vector names a cluster the space lacks: the
                // space is loaded again with it, and the rest of the batch read again after that.
                await cache.EnsureCurrentAsync();
                work = await TimedLoadAsync([.. work.Select(item => item.Entry)], reread: true);
            }
            if (work.Count == 0)
            {
                return 0;
            }

            var placingStarted = time.GetTimestamp();
            var placed = Place(work);
            var changes = MembershipPlanner.ForAssignments(cache.Space, placed);
            placing += time.GetElapsedTime(placingStarted);

            var committingStarted = time.GetTimestamp();
            var committed = await CommitAsync(changes, placed.Count, held);
            committing += time.GetElapsedTime(committingStarted);
            if (committed)
            {
                cache.Committed();
                labeling.Track(work.Select((w, i) => (placed[i].Assignment.ClusterId, w.Item)));
                telemetry.Clustered.Add(placed.Count);
                telemetry.Opened.Add(placed.Count(p => p.Assignment.Opened));
                LogClustered(placed.Count, changes.Updates.Count, changes.Updates.Count(u => u.Opened));

                var acking = time.GetTimestamp();
                await queue.AckAsync([.. work.Select(item => item.Entry.Id)]);
                labeling.MarkChanged(placed.Select(p => p.Assignment.ClusterId));
                LogBatch(work.Count, Ms(started, time.GetTimestamp()), loading.TotalMilliseconds, placing.TotalMilliseconds,
                    committing.TotalMilliseconds, Ms(acking, time.GetTimestamp()));
                return placed.Count;
            }

            // A cluster changed status under us, a person curated (placed or deleted some of these
            // reports, say), or the lease lapsed: the space holds the refused decisions, so it is
            // loaded again, the reports still to place read again, and decided again.
            cache.Invalidate();
            if (attempt == 2)
            {
                throw new InvalidOperationException("The membership commit was refused twice; the batch stays pending.");
            }
            entries = [.. work.Select(item => item.Entry)];
        }

        // Reading the reports only: a reload of the space is none of the batch's stages.
        async Task<List<PendingItem>> TimedLoadAsync(IReadOnlyList<WorkItem> toLoad, bool reread)
        {
            var loadStarted = time.GetTimestamp();
            var loaded = await LoadAsync(queue, toLoad, reread);
            loading += time.GetElapsedTime(loadStarted);
            return loaded;
        }
    }

    /// <summary>
    /// The entries' items still to place, with their vectors; the rest are acknowledged or
    /// dead-lettered here. With <paramref name="reread"/> the entries are ones an earlier read of
    /// this batch found in no cluster.
    /// </summary>
    private async Task<List<PendingItem>> LoadAsync(StreamWorkQueue queue, IReadOnlyList<WorkItem> entries, bool reread)
    {
        var valid = await StreamBatches.WithValidIdsAsync(queue, entries, telemetry, logger);

        var ids = valid.Select(e => e.ToFeedbackEntry().FeedbackId).ToList();
        var readItems = feedback.GetManyAsync(ids);
        var readVectors = vectors.GetItemVectorsAsync(ids, model.Dimension);
        var (items, stored) = (await readItems, await readVectors);
        var work = new List<PendingItem>(valid.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nothingToDo = new List<string>();
        var clustered = new List<(string ClusterId, FeedbackItem Item)>();
        var adopted = new List<(string ClusterId, FeedbackItem Item)>();
        var homeless = new List<(string Id, string ClusterId)>();
        var gone = new List<WorkItem>();
        for (var i = 0; i < valid.Count; i++)
        {
            switch (items[i])
            {
                case null:
                    // Deleted after it was embedded: dead-lettered below, once its vector is gone too.
                    gone.Add(valid[i]);
                    break;
                case { ClusterId: { } clusterId } member when stored[i] is not null && cache.Space.ClusterOf(member.Id) is null:
                    // Placed by a person before it had a vector: the space takes it in with the one it
                    // has now, or, when the space lacks its cluster (stale, or holding none of its
                    // members), loads again before the batch is decided and takes it in then. When the
                    // cluster is gone (emptied by a refinement while this report's vector was missing,
                    // so the space could not move it), the report is queued to be placed again.
                    if (!cache.Space.AssignTo(member.Id, stored[i]!, clusterId))
                    {
                        cache.Invalidate();
                        homeless.Add((member.Id, clusterId));
                    }
                    adopted.Add((clusterId, member));
                    nothingToDo.Add(valid[i].Id);
                    break;
                case { ClusterId: { } clusterId } member:
                    // Clustered already and in the space: a retry after a commit whose ack was lost, an
                    // edit queued again (FeedbackStore.AddOrUpdateAsync), or a second entry of one just
                    // taken in. Its place stays; labelling takes its text. Read again, it is one a person
                    // placed while the batch was decided: no edit, and their curation relabels its cluster.
                    if (!reread)
                    {
                        clustered.Add((clusterId, member));
                    }
                    nothingToDo.Add(valid[i].Id);
                    break;
                case var duplicate when !seen.Add(duplicate.Id):
                    nothingToDo.Add(valid[i].Id);
                    break;
                case var item when stored[i] is null:
                    await DeadLetterAsync(queue, valid[i], $"feedback '{item.Id}' has no stored vector of the model {model.Name}");
                    break;
                case var item:
                    work.Add(new PendingItem(valid[i], item, stored[i]!));
                    break;
            }
        }
        // Before the entries go: a crash in between brings them here again.
        if (await membership.ReleaseIfStrandedAsync(homeless) is { Count: > 0 } released)
        {
            adopted.RemoveAll(a => released.Contains(a.Item.Id));
            LogReleasedHomeless(released.Count);
        }
        await queue.AckAsync(nothingToDo);
        if (gone.Count > 0)
        {
            // An embedder that handed a report on while it was being deleted stored its vector after
            // the deletion removed it: the vector goes with its report (ids are never used again),
            // before the entry does, so a crash in between leaves the entry to bring it here again.
            await vectors.DeleteItemVectorsAsync([.. gone.Select(entry => entry.ToFeedbackEntry().FeedbackId)]);
            foreach (var entry in gone)
            {
                await DeadLetterAsync(queue, entry, $"feedback '{entry.ToFeedbackEntry().FeedbackId}' does not exist");
            }
        }
        // Taken-in texts first, so a second entry of one in the same batch is no edit.
        labeling.Track(adopted);
        labeling.MarkChanged(adopted.Select(a => a.ClusterId));
        labeling.Edited(clustered);
        return work;
    }

    // Each item into its cluster in the space, under the item's own span.
    private List<(string ItemId, Assignment Assignment)> Place(List<PendingItem> work)
    {
        var placed = new List<(string ItemId, Assignment Assignment)>(work.Count);
        foreach (var item in work)
        {
            using var activity = ClusteringTelemetry.StartItem("cluster feedback", item.Entry.ToFeedbackEntry().TraceParent, item.Item.Id);
            var assignment = cache.Space.Assign(item.Item.Id, item.Vector);
            activity?.SetTag("feedbackfix.cluster_id", assignment.ClusterId);
            activity?.SetTag("feedbackfix.cluster_opened", assignment.Opened);
            placed.Add((item.Item.Id, assignment));
        }
        return placed;
    }

    // Commits fenced on the lease and the space's version; whether it was.
    private async Task<bool> CommitAsync(MembershipChanges changes, int itemCount, RedisLease held)
    {
        using var commit = ClusteringTelemetry.StartCommit(itemCount, changes.Updates.Count);
        try
        {
            var committed = await membership.CommitAsync(changes, held, cache.Version);
            commit?.SetTag("feedbackfix.committed", committed);
            return committed;
        }
        catch (Exception ex)
        {
            commit?.SetStatus(ActivityStatusCode.Error, ex.Message);
            // Whether anything was written is unknown, and the space holds the placements: reload.
            cache.Invalidate();
            throw;
        }
    }

    private double Ms(long from, long to) => time.GetElapsedTime(from, to).TotalMilliseconds;

    private Task DeadLetterAsync(StreamWorkQueue queue, WorkItem entry, string reason) =>
        StreamBatches.DeadLetterAsync(queue, entry, reason, telemetry, logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {ItemCount} in {ElapsedMs:F1} ms: load {LoadMs:F1}, place {PlaceMs:F1}, commit {CommitMs:F1}, ack {AckMs:F1}")]
    private partial void LogBatch(int itemCount, double elapsedMs, double loadMs, double placeMs, double commitMs, double ackMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued {ReportCount} reports to be placed again: they named a cluster that was removed while they had no vector")]
    private partial void LogReleasedHomeless(int reportCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clustered {ItemCount} items into {ClusterCount} clusters ({OpenedCount} new)")]
    private partial void LogClustered(int itemCount, int clusterCount, int openedCount);

    private sealed record PendingItem(WorkItem Entry, FeedbackItem Item, float[] Vector);
}
