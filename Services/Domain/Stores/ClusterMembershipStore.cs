using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Cluster membership as the clustering worker writes it: which item is in which cluster, sizes,
/// centroids, merges, and each cluster's reports by source, by day and its first and last report; a
/// report joining a fixed cluster marks it regressed in the same write, and records it in the cluster's activity. Writes are
/// one transaction fenced by the clustering lease, and guarded on the statuses they were computed
/// from, so a concurrent PATCH never leaves a cluster in two status indexes.
/// </summary>
public sealed class ClusterMembershipStore(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>The generated part of <c>summary</c> ahead of its counts sentence, kept so the sentence can be rewritten alone.</summary>
    public const string SummaryLeadField = "summary_lead";

    // KEYS[1] cluster hash; ARGV: labelled-by field, n, n guarded fields, their values as read ('' for
    // an absent one), then the fields to set. 1 saved, 0 edited by a person or gone, -1 a guarded field
    // (size, a count or the lead) changed.
    private const string SetLabelsScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
          return 0
        end
        local n = tonumber(ARGV[2])
        local now = redis.call('HMGET', KEYS[1], unpack(ARGV, 3, 2 + n))
        for i = 1, n do
          if (now[i] or '') ~= ARGV[2 + n + i] then
            return -1
          end
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 3 + 2 * n))
        return 1
        """;

    /// <summary>Who wrote <see cref="SummaryLeadField"/>: <c>model</c> (a chat model) or <c>terms</c> (key terms); absent, key terms.</summary>
    public const string SummaryLeadByField = "summary_lead_by";

    /// <summary>
    /// The fields a summary is built from, a write refused once any of them changed: the counts of its
    /// sentence, and the lead, so the writer's counts sentence and a chat model's answer, saved beside
    /// each other, never leave a summary built on a lead that is no longer the stored one.
    /// </summary>
    private static readonly RedisValue[] GuardedFields = ["size", .. ClusterStats.Fields, SummaryLeadField];

    private static readonly RedisValue[] LabelBasisFields =
        ["summary", SummaryLeadField, ClusterStore.LabelledByField, SummaryLeadByField, .. GuardedFields];

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The version every commit bumps; a replica whose copy is older reloads.</summary>
    public async Task<long> GetVersionAsync() => (long?)await Db.StringGetAsync(RedisKeys.ClusteringVersion) ?? 0;

    /// <summary>Every cluster with its members, in a constant number of round trips.</summary>
    public async Task<IReadOnlyList<ClusterMembership>> LoadAllAsync()
    {
        var ids = (await Db.SetMembersAsync(RedisKeys.ClustersAll)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
        var statuses = ids.Select(id => Db.HashGetAsync(RedisKeys.Cluster(id), "status")).ToList();
        var members = ids.Select(id => Db.SetMembersAsync(RedisKeys.ClusterItems(id))).ToList();
        await Task.WhenAll([.. statuses, .. members]);
        return [.. ids.Select((id, i) => new ClusterMembership(
            id,
            RedisValues.ParseEnum(statuses[i].Result, ClusterStatus.New),
            [.. members[i].Result.Select(m => m.ToString()).Order(StringComparer.Ordinal)]))];
    }

    /// <summary>
    /// The clusters a person merged into the live clusters <paramref name="liveIds"/> (and not unmerged
    /// since), each with the cluster that lists it and those of the reports it had that are still in
    /// that cluster; a merge with none left there is left out.
    /// </summary>
    public async Task<IReadOnlyList<(string MergedId, string TargetId, IReadOnlyList<string> ItemIds)>> LoadMergedAwayAsync(IReadOnlyList<string> liveIds)
    {
        var pending = liveIds.Select(id => Db.SetMembersAsync(RedisKeys.ClusterMergedFrom(id))).ToList();
        await Task.WhenAll(pending);
        var candidates = liveIds.SelectMany((id, i) => pending[i].Result.Select(m => (MergedId: m.ToString(), TargetId: id))).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        // Only a person's merges: the worker merges near-duplicates, whose centroids the survivor's
        // already covers, so their members (most of all merges') are not read at all.
        var mergedBy = candidates.Select(m => Db.HashGetAsync(RedisKeys.ClusterMergedRecord(m.MergedId), "merged_by")).ToList();
        await Task.WhenAll(mergedBy);
        var merged = candidates.Where((_, i) => mergedBy[i].Result != Actor.Worker.By).ToList();
        // Only the merged reports still in the target stand for its merged topic: one moved out, split off,
        // deleted or brought back by an unmerge since belongs elsewhere, and a centroid of it would keep
        // drawing that topic's new reports into the target. Curation drops a merge with none left from the
        // list (ClusterMergedFrom); one written before that was done is left out here.
        var members = merged.Select(m => Db.SetCombineAsync(SetOperation.Intersect,
            RedisKeys.ClusterMergedItems(m.MergedId), RedisKeys.ClusterItems(m.TargetId))).ToList();
        await Task.WhenAll(members);
        return [.. merged
            .Select((m, i) => (m.MergedId, m.TargetId, ItemIds: (IReadOnlyList<string>)[.. members[i].Result.Select(v => v.ToString())]))
            .Where(m => m.ItemIds.Count > 0)];
    }

    /// <summary>
    /// Writes the changes atomically while <paramref name="lease"/> is held and, when
    /// <paramref name="expectedVersion"/> is given, while <c>clustering:version</c> is still that (a
    /// person's curation bumps it). False when the lease was lost, the version moved or a touched
    /// cluster changed status meanwhile: reload and decide again. With <paramref name="undecidedOnly"/>
    /// (a refinement, which leaves clusters a person decided about alone), also false when a touched
    /// cluster is no longer <c>new</c>: a status moves by a PATCH or a fix, which bumps no version.
    /// </summary>
    public async Task<bool> CommitAsync(MembershipChanges changes, RedisLease lease, long? expectedVersion = null, bool undecidedOnly = false)
    {
        if (changes.IsEmpty)
        {
            return true;
        }

        var existing = changes.Updates.Where(u => !u.Opened).Select(u => u.ClusterId)
            .Concat(changes.Merges.SelectMany(m => new[] { m.AbsorbedId, m.SurvivorId }))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // Counts are worked out before the commit, which is fenced on the lease and (given) the version they
        // were read at, so what they were read from cannot change before it; an absorbed cluster's record
        // goes, counts and all, so no update names one.
        var absorbed = changes.Merges.Select(m => m.AbsorbedId).ToHashSet(StringComparer.Ordinal);
        if (changes.Updates.FirstOrDefault(u => absorbed.Contains(u.ClusterId)) is { } both)
        {
            throw new ArgumentException($"Cluster '{both.ClusterId}' is both absorbed and updated in one commit.", nameof(changes));
        }
        var readStatuses = ReadStatusesAsync(existing);
        var clock = time.GetUtcNow();
        var planCounts = ClusterStatsPlanner.PlanAsync(Db, changes.Updates, clock);
        var readAbsorbed = ReadAbsorbedAsync(changes.Merges);
        await Task.WhenAll(readStatuses, planCounts, readAbsorbed);
        var statuses = readStatuses.Result;
        if (undecidedOnly && statuses.Values.Any(status => status is not (null or ClusterStatus.New)))
        {
            // Decided between the refinement's own check and these reads; the conditions below hold it to "new".
            return false;
        }
        var counts = planCounts.Result;
        var (records, version) = readAbsorbed.Result;

        var now = clock.ToRedis();
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(lease.StillHeld());
        if (expectedVersion is { } expected)
        {
            transaction.AddCondition(VersionFence.At(expected));
        }
        foreach (var (clusterId, status) in statuses)
        {
            transaction.AddCondition(status is null
                ? Condition.KeyNotExists(RedisKeys.Cluster(clusterId))
                : Condition.HashEqual(RedisKeys.Cluster(clusterId), "status", status.Value.ToRedis()));
        }

        var regressed = new List<(ClusterMembershipUpdate Update, ClusterStatus From, ClusterStatus To)>();
        foreach (var update in changes.Updates)
        {
            var read = update.Opened ? ClusterStatus.New : statuses[update.ClusterId] ?? ClusterStatus.New;
            if (update.Opened)
            {
                transaction.AddCondition(Condition.KeyNotExists(RedisKeys.Cluster(update.ClusterId)));
            }
            // A report joining a cluster may move it (a fixed one has regressed), guarded like the rest by the status read.
            var status = update.AddedItems.Count > 0 && !update.Opened ? StatusTransitions.ClusterAfterReportJoined(read) ?? read : read;
            if (status != read)
            {
                MoveStatus(transaction, update.ClusterId, read, status);
                regressed.Add((update, read, status));
            }
            WriteUpdate(transaction, update, counts.Sizes[update.ClusterId], status, now);
            if (counts.Stats.TryGetValue(update.ClusterId, out var stats))
            {
                stats.WriteTo(transaction, update.ClusterId, status);
            }
            if (counts.Daily.TryGetValue(update.ClusterId, out var daily))
            {
                daily.WriteTo(transaction, update.ClusterId);
            }
        }

        foreach (var merge in changes.Merges)
        {
            var (record, members) = records[merge.AbsorbedId];
            ClusterRecordRemoval.WriteMerge(transaction, merge.AbsorbedId, statuses[merge.AbsorbedId] ?? ClusterStatus.New, merge.SurvivorId,
                record, members, (expectedVersion ?? version) + 1, clock, Actor.Worker);
        }
        ClusterActivityLog.AppendWorkerCommit(transaction, changes, clock);
        // After the joins, so the list (newest first) shows the change of status above the reports that caused it.
        foreach (var (update, from, to) in regressed)
        {
            ClusterActivityLog.Append(transaction, update.ClusterId,
                ClusterActivityLog.Entry(ActivityType.Status, Actor.Worker, clock, update.AddedItems) with { StatusFrom = from, StatusTo = to });
        }

        _ = transaction.StringIncrementAsync(RedisKeys.ClusteringVersion);
        return await transaction.ExecuteAsync();
    }

    /// <summary>
    /// Counts sources, <c>first_seen</c> and <c>last_seen</c>, and the reports by day, of every cluster
    /// written before they were kept, in a few pipelined passes; returns how many cluster records it
    /// wrote. Safe beside commits and other replicas doing the same.
    /// </summary>
    public async Task<int> CountUncountedAsync() =>
        await ClusterStatsBackfill.RunAsync(Db) + await ClusterIndexBackfill.RunAsync(Db, time.GetUtcNow());

    /// <summary>
    /// Sets the size of every cluster whose stored <c>size</c> differs from the members it holds, as
    /// written before commits counted sizes from the members; returns the clusters it set, to label
    /// again. Safe beside commits and other replicas doing the same.
    /// </summary>
    public Task<IReadOnlyList<string>> RecountSizesAsync() => ClusterSizeBackfill.RunAsync(Db);

    /// <summary>
    /// Once per store, queues the reports left naming a cluster that is gone (in no cluster's members)
    /// to be placed again (<see cref="StrandedReports"/>); returns how many.
    /// </summary>
    public Task<int> ReleaseStrandedAsync() => StrandedReports.ReleaseAsync(Db);

    /// <summary>
    /// Queues these reports to be placed again where the cluster each names is gone (<see cref="StrandedReports"/>);
    /// a report whose cluster exists, or that names another by now, is left as it is. Returns the ids queued.
    /// </summary>
    public Task<IReadOnlyList<string>> ReleaseIfStrandedAsync(IReadOnlyList<(string Id, string ClusterId)> reports) =>
        reports.Count == 0 ? Task.FromResult<IReadOnlyList<string>>([]) : StrandedReports.ReleaseAsync(Db, reports);

    /// <summary>
    /// Clusters a person decided about (any status but <c>new</c>, or curated: merged into, unmerged,
    /// reports moved in or out, split), which refinement leaves alone.
    /// </summary>
    public async Task<HashSet<string>> GetDecidedClusterIdsAsync()
    {
        var pending = Enum.GetValues<ClusterStatus>()
            .Where(status => status != ClusterStatus.New)
            .Select(status => Db.SortedSetRangeByRankAsync(RedisKeys.ClustersByStatus(status)))
            .ToList();
        var curated = Db.SetMembersAsync(RedisKeys.ClustersCurated);
        var members = await Task.WhenAll(pending);
        return members.SelectMany(m => m).Concat(await curated).Select(m => m.ToString()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Up to <paramref name="max"/> clusters a person's curation changed, to label again and give the
    /// centroid of the reports they now hold; they stay listed until <see cref="FinishCuratedAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetCuratedAsync(int max = 1_000) =>
        [.. (await Db.SetRandomMembersAsync(RedisKeys.ClustersToRelabel, max)).Select(v => v.ToString())];

    /// <summary>
    /// Writes the centroids of curated clusters (a curation moves reports, not vectors) and forgets
    /// <paramref name="curated"/> from the list, as one step fenced like a commit on the lease and the
    /// version the centroids were worked out at; refused (false) when either moved, and then they stay
    /// listed, to be taken again from the space as it now is.
    /// </summary>
    public async Task<bool> FinishCuratedAsync(
        IReadOnlyList<string> curated, IReadOnlyList<(string ClusterId, float[] Centroid)> centroids, RedisLease lease, long expectedVersion)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(lease.StillHeld());
        transaction.AddCondition(VersionFence.At(expectedVersion));
        foreach (var (clusterId, centroid) in centroids)
        {
            _ = transaction.StringSetAsync(RedisKeys.ClusterVector(clusterId), VectorCodec.Encode(centroid));
        }
        _ = transaction.SetRemoveAsync(RedisKeys.ClustersToRelabel, [.. curated.Select(id => (RedisValue)id)]);
        return await transaction.ExecuteAsync();
    }

    /// <summary>Marks every replica's copy stale (after re-embedding, say).</summary>
    public Task MarkChangedAsync() => Db.StringIncrementAsync(RedisKeys.ClusteringVersion);

    /// <summary>One cluster's member ids.</summary>
    public async Task<IReadOnlyList<string>> GetMembersAsync(string clusterId) =>
        [.. (await Db.SetMembersAsync(RedisKeys.ClusterItems(clusterId))).Select(m => m.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>
    /// What generated labels of <paramref name="clusterIds"/> are built from, in one pipelined read;
    /// null for a cluster that is gone.
    /// </summary>
    public async Task<IReadOnlyList<ClusterLabelBasis?>> GetLabelBasesAsync(IReadOnlyList<string> clusterIds)
    {
        var pending = clusterIds.Select(id => Db.HashGetAsync(RedisKeys.Cluster(id), LabelBasisFields)).ToList();
        var read = await Task.WhenAll(pending);
        return [.. clusterIds.Select((id, i) => ToLabelBasis(id, read[i]))];
    }

    /// <summary>
    /// Saves a generated summary (with its lead and title when given; null keeps them), unless a
    /// person edited the labels (PATCH sets <c>labelled_by</c>), the cluster is gone, or its size,
    /// counts or generated lead changed since <paramref name="basis"/> was read: then the summary
    /// would state old counts or follow a lead no longer stored, and the caller reads again.
    /// </summary>
    /// <remarks>
    /// A script, not a transaction with conditions: StackExchange.Redis holds the connection's
    /// writer until a condition's answer is back, so a burst of labels would go one round trip at
    /// a time; scripts pipeline, and a flush of hundreds of labels costs a few round trips.
    /// </remarks>
    public async Task<LabelSave> SetLabelsAsync(ClusterLabelBasis basis, string summary, string? title = null, string? summaryLead = null, bool leadByModel = false)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var fields = new List<RedisValue> { "summary", summary, "updated_at", time.GetUtcNow().ToRedis() };
        if (title is not null)
        {
            fields.AddRange(["title", title]);
        }
        if (summaryLead is not null)
        {
            fields.AddRange([SummaryLeadField, summaryLead, SummaryLeadByField, leadByModel ? "model" : "terms"]);
        }
        RedisValue[] args =
        [
            ClusterStore.LabelledByField, GuardedFields.Length, .. GuardedFields, .. basis.Guard.Select(v => (RedisValue)v), .. fields,
        ];
        return (long)await Db.ScriptEvaluateAsync(SetLabelsScript, [RedisKeys.Cluster(basis.ClusterId)], args) switch
        {
            1 => LabelSave.Saved,
            0 => LabelSave.Kept,
            _ => LabelSave.ChangedSinceRead,
        };
    }

    private static ClusterLabelBasis? ToLabelBasis(string clusterId, RedisValue[] values)
    {
        var guard = values[4..];
        if (guard[0].IsNull)
        {
            return null;
        }
        var counts = ClusterStats.Fields.Select((field, i) => new HashEntry(field, guard[1 + i])).Where(e => !e.Value.IsNull).ToArray();
        var (sources, firstSeen, lastSeen) = ClusterStats.Read(counts);
        return new ClusterLabelBasis(clusterId, [.. guard.Select(v => v.IsNull ? "" : v.ToString())])
        {
            Size = guard[0].TryParse(out long size) ? size : 0,
            Sources = sources,
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
            Summary = values[0].ToString(),
            SummaryLead = values[1].IsNull ? null : values[1].ToString(),
            EditedByPerson = !values[2].IsNull,
            LeadByModel = values[3] == "model",
        };
    }

    // What each merged-away cluster was, kept so the merge can be undone, and the version it was read at.
    private async Task<(Dictionary<string, (HashEntry[] Record, IReadOnlyCollection<string> Members)> Records, long Version)> ReadAbsorbedAsync(
        IReadOnlyList<ClusterMerge> merges)
    {
        var records = new Dictionary<string, (HashEntry[], IReadOnlyCollection<string>)>(StringComparer.Ordinal);
        if (merges.Count == 0)
        {
            return (records, 0);
        }
        var version = Db.StringGetAsync(RedisKeys.ClusteringVersion);
        var pending = merges.Select(m => (m.AbsorbedId,
            Record: Db.HashGetAllAsync(RedisKeys.Cluster(m.AbsorbedId)),
            Members: Db.SetMembersAsync(RedisKeys.ClusterItems(m.AbsorbedId)))).ToList();
        await Task.WhenAll([version, .. pending.SelectMany(p => new Task[] { p.Record, p.Members })]);
        foreach (var (absorbedId, record, members) in pending)
        {
            records[absorbedId] = (record.Result, [.. members.Result.Select(m => m.ToString())]);
        }
        return (records, (long?)version.Result ?? 0);
    }

    private async Task<Dictionary<string, ClusterStatus?>> ReadStatusesAsync(IReadOnlyList<string> clusterIds)
    {
        var pending = clusterIds.Select(id => Db.HashGetAsync(RedisKeys.Cluster(id), "status")).ToList();
        await Task.WhenAll(pending);
        return clusterIds.Select((id, i) => (id, value: pending[i].Result))
            .ToDictionary(
                x => x.id,
                x => RedisValues.TryParse<ClusterStatus>(x.value, out var status) ? status : (ClusterStatus?)null,
                StringComparer.Ordinal);
    }

    private static void WriteUpdate(ITransaction transaction, ClusterMembershipUpdate update, long size, ClusterStatus status, string now)
    {
        var cluster = RedisKeys.Cluster(update.ClusterId);
        var fields = new List<HashEntry> { new("size", size), new("updated_at", now) };
        if (update.Opened)
        {
            fields.AddRange([
                new("id", update.ClusterId), new("status", ClusterStatus.New.ToRedis()), new("created_at", now),
                new("title", update.Title ?? ""), new("summary", update.Summary ?? ""),
            ]);
            _ = transaction.SetAddAsync(RedisKeys.ClustersAll, update.ClusterId);
        }
        else
        {
            if (update.Title is not null)
            {
                fields.Add(new("title", update.Title));
            }
            if (update.Summary is not null)
            {
                fields.Add(new("summary", update.Summary));
            }
        }

        _ = transaction.HashSetAsync(cluster, [.. fields]);
        _ = transaction.StringSetAsync(RedisKeys.ClusterVector(update.ClusterId), VectorCodec.Encode(update.Centroid));
        _ = transaction.SortedSetAddAsync(RedisKeys.ClustersBySize, update.ClusterId, size);
        _ = transaction.SortedSetAddAsync(RedisKeys.ClustersByStatus(status), update.ClusterId, size);

        if (update.RemovedItems.Count > 0)
        {
            _ = transaction.SetRemoveAsync(RedisKeys.ClusterItems(update.ClusterId), [.. update.RemovedItems.Select(i => (RedisValue)i)]);
        }
        if (update.AddedItems.Count > 0)
        {
            _ = transaction.SetAddAsync(RedisKeys.ClusterItems(update.ClusterId), [.. update.AddedItems.Select(i => (RedisValue)i)]);
            _ = transaction.SetRemoveAsync(RedisKeys.FeedbackUnclustered, [.. update.AddedItems.Select(i => (RedisValue)i)]);
            foreach (var item in update.AddedItems)
            {
                _ = transaction.HashSetAsync(RedisKeys.Feedback(item), "cluster_id", update.ClusterId);
            }
        }
    }

    // The status field and the status indexes; WriteUpdate and the counts add the cluster to the new status's indexes.
    private static void MoveStatus(ITransaction transaction, string clusterId, ClusterStatus from, ClusterStatus to)
    {
        _ = transaction.HashSetAsync(RedisKeys.Cluster(clusterId), "status", to.ToRedis());
        _ = transaction.SortedSetRemoveAsync(RedisKeys.ClustersByStatus(from), clusterId);
        _ = transaction.SortedSetRemoveAsync(RedisKeys.ClustersByLastSeenOfStatus(from), clusterId);
    }
}
