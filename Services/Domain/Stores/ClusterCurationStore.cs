using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A person's changes to cluster membership: merge, unmerge, moving reports in, splitting them out.
/// Each is read, planned and written as one transaction that runs only while <c>clustering:version</c>
/// is still the one read and every touched cluster still has the status read; it bumps the version,
/// so the clustering worker (whose commits are fenced the same way) reloads before deciding anything.
/// The decision is recorded in the same transaction (docs/architecture.md, "Curation").
/// </summary>
public sealed partial class ClusterCurationStore(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>How many reports one request may move.</summary>
    public const int MaxFeedbackIds = 1_000;

    private const int MaxAttempts = 20;

    private static readonly string[] MergeFields = ["merged_into", "merged_at", "merged_version", "merged_by"];

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The reports of <paramref name="clusterId"/> join <paramref name="intoId"/>; the merged-away record is kept.</summary>
    public Task<CurationResult> MergeAsync(string clusterId, string intoId, Actor actor) => RetryAsync(async version =>
    {
        var source = Db.HashGetAllAsync(RedisKeys.Cluster(clusterId));
        var target = Db.HashGetAsync(RedisKeys.Cluster(intoId), "status");
        var members = Db.SetMembersAsync(RedisKeys.ClusterItems(clusterId));
        var sourceMerged = Db.StringGetAsync(RedisKeys.ClusterMerged(clusterId));
        var targetMerged = Db.StringGetAsync(RedisKeys.ClusterMerged(intoId));
        await Task.WhenAll(source, target, members, sourceMerged, targetMerged);

        if (clusterId == intoId)
        {
            return (CurationResult.Conflict("A cluster cannot be merged into itself.", clusterId), null);
        }
        if (source.Result.Length == 0)
        {
            return (sourceMerged.Result.IsNullOrEmpty
                ? CurationResult.NotFound(clusterId)
                : CurationResult.Conflict($"Cluster '{clusterId}' was already merged into '{sourceMerged.Result}'.", clusterId), null);
        }
        if (target.Result.IsNull)
        {
            return (targetMerged.Result.IsNullOrEmpty
                ? CurationResult.NotFound(intoId)
                : CurationResult.Conflict($"Cluster '{intoId}' was merged into '{targetMerged.Result}'; merge into that one.", intoId), null);
        }

        var sourceStatus = StatusOf(source.Result);
        var targetStatus = RedisValues.ParseEnum(target.Result, ClusterStatus.New);
        if (sourceStatus == ClusterStatus.Fixing)
        {
            return (CurationResult.Fixing(clusterId), null);
        }
        if (targetStatus == ClusterStatus.Fixing)
        {
            return (CurationResult.Fixing(intoId), null);
        }

        var moving = members.Result.Select(m => m.ToString()).Order(StringComparer.Ordinal).ToList();
        var placements = new List<Placement>
        {
            new(intoId, targetStatus, moving, []),
        };
        var guards = new Dictionary<string, ClusterStatus> { [clusterId] = sourceStatus, [intoId] = targetStatus };
        var committed = await CommitAsync(version, guards, placements, (tx, now, removed) =>
        {
            ClusterRecordRemoval.WriteMerge(tx, clusterId, sourceStatus, intoId, source.Result, moving, version + 1, now, actor);
            _ = tx.SetAddAsync(RedisKeys.ClustersCurated, intoId);
            ClusterActivityLog.Append(tx, clusterId, ClusterActivityLog.Entry(ActivityType.Merged, actor, now, moving) with { MergedInto = intoId });
            ClusterActivityLog.Append(tx, intoId, ClusterActivityLog.Entry(ActivityType.Merged, actor, now, moving) with { MergedFrom = clusterId });
        });
        return (CurationResult.Done(intoId), committed);
    });

    /// <summary>
    /// Brings a merged-away cluster back with the reports it had that are still in the cluster it was
    /// merged into (following later merges) and that no person has moved since, in the status it had,
    /// unless the pull request it was waiting on was merged or closed meanwhile.
    /// </summary>
    public Task<CurationResult> UnmergeAsync(string clusterId, Actor actor) => RetryAsync(async version =>
    {
        var live = Db.KeyExistsAsync(RedisKeys.Cluster(clusterId));
        var pointer = Db.StringGetAsync(RedisKeys.ClusterMerged(clusterId));
        var record = Db.HashGetAllAsync(RedisKeys.ClusterMergedRecord(clusterId));
        var members = Db.SetMembersAsync(RedisKeys.ClusterMergedItems(clusterId));
        // No job is created for a merged-away id (start_fix of it starts the survivor's), so its latest job
        // is the one it had when merged.
        var latestJob = Db.SortedSetRangeByRankAsync(RedisKeys.ClusterJobs(clusterId), 0, 0, Order.Descending);
        await Task.WhenAll(live, pointer, record, members, latestJob);

        if (live.Result)
        {
            return (CurationResult.Conflict($"Cluster '{clusterId}' is not merged into another cluster.", clusterId), null);
        }
        if (pointer.Result.IsNullOrEmpty)
        {
            return (CurationResult.NotFound(clusterId), null);
        }
        var fields = record.Result.ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
        if (!fields.TryGetValue("merged_into", out var mergedInto))
        {
            return (CurationResult.Conflict(
                $"Cluster '{clusterId}' was merged before merged clusters were kept; its record is gone, so the merge cannot be undone.", clusterId), null);
        }

        var holderId = await ResolveAsync(mergedInto.ToString());
        if (holderId is null)
        {
            return (CurationResult.Conflict($"The cluster '{clusterId}' was merged into no longer exists.", clusterId), null);
        }
        var holderStatus = RedisValues.ParseEnum(await Db.HashGetAsync(RedisKeys.Cluster(holderId), "status"), ClusterStatus.New);
        if (holderStatus == ClusterStatus.Fixing)
        {
            return (CurationResult.Fixing(holderId), null);
        }

        var mergedVersion = (long)fields["merged_version"];
        var candidates = members.Result.Select(m => m.ToString()).Order(StringComparer.Ordinal).ToList();
        var places = candidates.Select(id => Db.HashGetAsync(RedisKeys.Feedback(id), "cluster_id")).ToList();
        var placed = candidates.Count == 0
            ? Task.FromResult(Array.Empty<double?>())
            : Db.SortedSetScoresAsync(RedisKeys.FeedbackPlacedByPerson, [.. candidates.Select(c => (RedisValue)c)]);
        await Task.WhenAll([.. places, placed]);
        var restored = candidates
            .Where((id, i) => places[i].Result == holderId && !(placed.Result[i] > mergedVersion))
            .ToList();
        if (restored.Count == 0)
        {
            // Opened without a report, it would be a cluster of nothing.
            return (CurationResult.Conflict(
                $"None of the reports cluster '{clusterId}' brought into '{holderId}' are still there: since the merge they were moved, split out or deleted, so there is nothing to bring back.",
                clusterId), null);
        }

        var kept = RecordStatus(fields);
        var (status, pullRequest) = await RestoredStatusAsync(kept, latestJob.Result.FirstOrDefault());
        var placements = new List<Placement>
        {
            new(holderId, holderStatus, [], restored),
            new(clusterId, status, restored, [], Opened: true),
        };
        var guards = new Dictionary<string, ClusterStatus> { [holderId] = holderStatus };
        // Size, counts and status are written afresh for the reports that come back.
        var recordFields = record.Result.Where(e => !KeptOnlyInRecord(e.Name.ToString())).ToArray();
        var into = mergedInto.ToString();
        var committed = await CommitAsync(version, guards, placements, (tx, now, removed) =>
        {
            _ = tx.HashSetAsync(RedisKeys.Cluster(clusterId), recordFields);
            _ = tx.HashSetAsync(RedisKeys.Cluster(clusterId), [new("status", status.ToRedis()), new("updated_at", now.ToRedis())]);
            _ = tx.KeyDeleteAsync([RedisKeys.ClusterMerged(clusterId), RedisKeys.ClusterMergedRecord(clusterId), RedisKeys.ClusterMergedItems(clusterId)]);
            // Listed by the cluster it was merged into and, through later merges, by the one holding it
            // now (ClusterRecordRemoval.WriteMerge); the merges into it, which it kept, resolve to it again.
            foreach (var list in new[] { holderId, into }.Distinct(StringComparer.Ordinal).Select(RedisKeys.ClusterMergedFrom))
            {
                _ = tx.SetRemoveAsync(list, clusterId);
                _ = tx.SetCombineAndStoreAsync(SetOperation.Difference, list, [list, RedisKeys.ClusterMergedFrom(clusterId)]);
            }
            RedisValue[] curated = removed.Contains(holderId) ? [clusterId] : [clusterId, holderId];
            _ = tx.SetAddAsync(RedisKeys.ClustersCurated, curated);
            ClusterActivityLog.Append(tx, clusterId, ClusterActivityLog.Entry(ActivityType.Unmerged, actor, now, restored) with { From = holderId });
            if (status != kept)
            {
                // Read above the unmerge: the delivery that moved the pull request found the cluster merged away.
                ClusterActivityLog.Append(tx, clusterId, ClusterActivityLog.Entry(ActivityType.Status, Actor.GitHub, now) with
                {
                    JobId = pullRequest!.JobId, StatusFrom = kept, StatusTo = status,
                });
            }
            ClusterActivityLog.Append(tx, holderId, ClusterActivityLog.Entry(ActivityType.Unmerged, actor, now, restored) with { To = clusterId });
        }, emptiedInto: clusterId, pullRequest is null ? null : [pullRequest.Unchanged]);
        return (CurationResult.Done(clusterId), committed);
    });

    /// <summary>Moves reports into <paramref name="clusterId"/> from wherever they are (or from no cluster).</summary>
    public Task<CurationResult> MoveAsync(string clusterId, IReadOnlyList<string> feedbackIds, Actor actor) => RetryAsync(async version =>
    {
        var target = await Db.HashGetAsync(RedisKeys.Cluster(clusterId), "status");
        if (target.IsNull)
        {
            return (await Db.KeyExistsAsync(RedisKeys.ClusterMerged(clusterId))
                ? CurationResult.Conflict($"Cluster '{clusterId}' was merged into another cluster; move reports into that one.", clusterId)
                : CurationResult.NotFound(clusterId), null);
        }
        var targetStatus = RedisValues.ParseEnum(target, ClusterStatus.New);
        return await PlaceAsync(version, new Placement(clusterId, targetStatus, [], []), feedbackIds, actor, ActivityType.Moved, null);
    });

    /// <summary>Splits reports out of their clusters into a new cluster titled <paramref name="title"/>.</summary>
    public Task<CurationResult> SplitAsync(IReadOnlyList<string> feedbackIds, string title, Actor actor)
    {
        var clusterId = Ids.New();
        return RetryAsync(version => PlaceAsync(
            version, new Placement(clusterId, ClusterStatus.New, [], [], Opened: true), feedbackIds, actor, ActivityType.Split, title));
    }

    /// <summary>
    /// A live cluster's <c>merged_from</c>: the clusters merged into it whose merge can be undone, by
    /// id, each with its title and size when merged, and when and by whom, from its kept record (which
    /// every merge writes with its <c>merged_from</c> entry, and an unmerge deletes with it: one
    /// unmerged between the two reads here is left out). A merge none of whose reports is in the
    /// cluster any more is left out too: its unmerge would find nothing to bring back. A curation drops
    /// such a merge from the list when it takes the last report (<see cref="ClusterMergedFrom"/>); the
    /// worker's refinement, which may move on the reports of a merge the worker made, and lists written
    /// before that was done, are answered right here.
    /// </summary>
    public async Task<IReadOnlyList<MergedCluster>> GetMergedClustersAsync(string clusterId)
    {
        var ids = (await Db.SetMembersAsync(RedisKeys.ClusterMergedFrom(clusterId))).Select(m => m.ToString()).Order(StringComparer.Ordinal).ToList();
        var reading = ids.Select(id => Db.HashGetAsync(RedisKeys.ClusterMergedRecord(id), ["title", "size", "merged_at", "merged_by"])).ToList();
        var holding = ids.Select(id => Db.SetIntersectionLengthAsync([RedisKeys.ClusterMergedItems(id), RedisKeys.ClusterItems(clusterId)], limit: 1)).ToList();
        var records = await Task.WhenAll(reading);
        var held = await Task.WhenAll(holding);
        var merged = new List<MergedCluster>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            // HMGET answers every field asked, null where the record has none.
            var (title, size, at, by) = (records[i][0], records[i][1], records[i][2], records[i][3]);
            if (at.IsNullOrEmpty || held[i] == 0)
            {
                continue;
            }
            merged.Add(new MergedCluster(ids[i], title.IsNullOrEmpty ? null : title.ToString(),
                !size.IsNullOrEmpty && size.TryParse(out long n) ? n : null, RedisValues.ParseOptionalTime(at), by.IsNullOrEmpty ? null : by.ToString()));
        }
        return merged;
    }

    /// <summary>A cluster's activity, newest first; null when the id names no cluster, live or merged away.</summary>
    public async Task<IReadOnlyList<ClusterActivity>?> GetActivityAsync(string clusterId)
    {
        var live = Db.KeyExistsAsync(RedisKeys.Cluster(clusterId));
        var merged = Db.KeyExistsAsync(RedisKeys.ClusterMerged(clusterId));
        if (!await live && !await merged)
        {
            return null;
        }
        return await ClusterActivityLog.ReadAsync(Db, clusterId);
    }

    // A report's fields, all null for an id that names no report (RedisKeys.CanNameReport) as for one that is gone.
    private Task<RedisValue[]> ReportFieldsAsync(string id, RedisValue[] fields) =>
        RedisKeys.CanNameReport(id) ? Db.HashGetAsync(RedisKeys.Feedback(id), fields) : Task.FromResult(new RedisValue[fields.Length]);

    private async Task<(CurationResult Result, bool? Committed)> PlaceAsync(
        long version, Placement destination, IReadOnlyList<string> feedbackIds, Actor actor, ActivityType type, string? title)
    {
        var ids = feedbackIds.Distinct(StringComparer.Ordinal).ToList();
        var places = ids.Select(id => ReportFieldsAsync(id, ["id", "cluster_id"])).ToList();
        await Task.WhenAll(places);

        var moving = new List<string>();
        var from = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var found = places[i].Result;
            if (found[0].IsNull)
            {
                return (CurationResult.NotFound(ids[i]), null);
            }
            var current = found[1].IsNullOrEmpty ? null : found[1].ToString();
            if (current == destination.ClusterId)
            {
                continue;
            }
            moving.Add(ids[i]);
            if (current is not null)
            {
                (from.TryGetValue(current, out var list) ? list : from[current] = []).Add(ids[i]);
            }
        }

        var named = from.Keys.Order(StringComparer.Ordinal).ToList();
        var statuses = named.Select(id => Db.HashGetAsync(RedisKeys.Cluster(id), "status")).ToList();
        await Task.WhenAll(statuses);
        // A report left naming a cluster that is gone (see StrandedReports) is in no cluster's members: it leaves none.
        var sources = named.Select((id, i) => (Id: id, Status: statuses[i].Result)).Where(s => !s.Status.IsNull).ToList();
        var sourceIds = sources.Select(s => s.Id).ToList();

        if (destination.Status == ClusterStatus.Fixing)
        {
            return (CurationResult.Fixing(destination.ClusterId), null);
        }
        if (moving.Count == 0 && !destination.Opened)
        {
            // Every report is there already: nothing changes, and nothing is written to the activity.
            return (CurationResult.Done(destination.ClusterId), null);
        }
        var guards = new Dictionary<string, ClusterStatus>(StringComparer.Ordinal);
        if (!destination.Opened)
        {
            guards[destination.ClusterId] = destination.Status;
        }
        var placements = new List<Placement> { destination with { Added = moving } };
        foreach (var (sourceId, read) in sources)
        {
            var status = RedisValues.ParseEnum(read, ClusterStatus.New);
            if (status == ClusterStatus.Fixing)
            {
                return (CurationResult.Fixing(sourceId), null);
            }
            guards[sourceId] = status;
            placements.Add(new Placement(sourceId, status, [], from[sourceId]));
        }

        var committed = await CommitAsync(version, guards, placements, (tx, now, removed) =>
        {
            if (title is not null)
            {
                _ = tx.HashSetAsync(RedisKeys.Cluster(destination.ClusterId), [
                    new("id", destination.ClusterId), new("title", title), new("summary", ""), new("status", ClusterStatus.New.ToRedis()),
                    new("created_at", now.ToRedis()), new(ClusterStore.LabelledByField, actor.By),
                ]);
            }
            if (moving.Count > 0)
            {
                _ = tx.SortedSetAddAsync(RedisKeys.FeedbackPlacedByPerson, [.. moving.Select(id => new SortedSetEntry(id, version + 1))]);
            }
            // A source left empty is removed (its id leads to the destination): it is no cluster to leave alone.
            _ = tx.SetAddAsync(RedisKeys.ClustersCurated, [destination.ClusterId, .. sourceIds.Where(id => !removed.Contains(id)).Select(id => (RedisValue)id)]);
            ClusterActivityLog.Append(tx, destination.ClusterId, ClusterActivityLog.Entry(type, actor, now, moving) with
            {
                From = sourceIds.Count == 1 ? sourceIds[0] : null,
            });
            if (type == ActivityType.Split)
            {
                ClusterActivityLog.Append(tx, destination.ClusterId, ClusterActivityLog.Entry(ActivityType.Created, actor, now, moving));
            }
            foreach (var source in sourceIds)
            {
                ClusterActivityLog.Append(tx, source, ClusterActivityLog.Entry(type, actor, now, from[source]) with { To = destination.ClusterId });
            }
        }, emptiedInto: destination.ClusterId);
        return (CurationResult.Done(destination.ClusterId), committed);
    }

    private Task<string?> ResolveAsync(string clusterId) => MergedClusters.ResolveAsync(Db, clusterId);

    private static bool KeptOnlyInRecord(string field) =>
        MergeFields.Contains(field) || field is "size" or "updated_at" or "status" or ClusterStats.FirstSeenField or ClusterStats.LastSeenField ||
        field.StartsWith(ClusterStats.SourceCountPrefix, StringComparison.Ordinal);

    private static ClusterStatus StatusOf(HashEntry[] hash) =>
        RedisValues.ParseEnum(hash.FirstOrDefault(e => e.Name == "status").Value, ClusterStatus.New);

    // A merged-away cluster comes back as it was, but never as fixing: no job waits on it any more.
    private static ClusterStatus RecordStatus(Dictionary<string, RedisValue> fields) =>
        fields.TryGetValue("status", out var status) && RedisValues.ParseEnum(status, ClusterStatus.New) is var parsed && parsed != ClusterStatus.Fixing
            ? parsed
            : ClusterStatus.New;

    // A cluster merged away while fix_proposed waited on the pull request of its latest job; a delivery
    // about it meanwhile found the survivor, whose latest job is another, and moved nothing
    // (PullRequestStore). So it comes back where that pull request stands, by the rule the delivery
    // applies (StatusTransitions.ClusterAfterPullRequest): fixed once merged, new once closed unmerged,
    // still fix_proposed while open. The pull request read is a condition of the unmerge's commit, so a
    // delivery applied in between makes it read again; one applied after it finds the cluster back.
    private async Task<(ClusterStatus Status, PullRequestRead? PullRequest)> RestoredStatusAsync(ClusterStatus kept, RedisValue latestJob)
    {
        if (kept != ClusterStatus.FixProposed || latestJob.IsNullOrEmpty)
        {
            return (kept, null);
        }
        var job = RedisKeys.Job(latestJob.ToString());
        var state = await Db.HashGetAsync(job, "pr_state");
        var read = new PullRequestRead(latestJob.ToString(),
            state.IsNull ? Condition.HashNotExists(job, "pr_state") : Condition.HashEqual(job, "pr_state", state));
        return RedisValues.TryParse<PullRequestState>(state, out var pullRequest)
            ? (StatusTransitions.ClusterAfterPullRequest(kept, pullRequest) ?? kept, read)
            : (kept, read);
    }

    private sealed record PullRequestRead(string JobId, Condition Unchanged);
}
