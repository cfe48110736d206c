using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

public sealed partial class ClusterCurationStore
{
    /// <summary>
    /// Deletes a report (a privacy request, spam): gone from its cluster, whose counts follow (a cluster
    /// left empty is deleted), and from every index; its source id stays known to dedupe (the
    /// <c>feedback:external:{source}</c> entry still names the deleted id), so it is never ingested again.
    /// </summary>
    public async Task<CurationResult> DeleteFeedbackAsync(string feedbackId, Actor actor)
    {
        var deletion = await DeleteFeedbackAsync([feedbackId], actor);
        return deletion.KeptWhileFixing.TryGetValue(feedbackId, out var clusterId) ? CurationResult.Fixing(clusterId)
            : deletion.NotFound.Count > 0 ? CurationResult.NotFound(feedbackId)
            : CurationResult.Done(null);
    }

    /// <summary>
    /// Deletes reports as <see cref="DeleteFeedbackAsync(string, Actor)"/> deletes one, in one transaction:
    /// each touched cluster's counts are written once and its activity gets one entry for all its deleted
    /// reports. Reports whose cluster is fixing are kept (a fix job works on them) and said so in
    /// <see cref="FeedbackDeletion.KeptWhileFixing"/>; ids that name no report are left out.
    /// </summary>
    public async Task<FeedbackDeletion> DeleteFeedbackAsync(IReadOnlyList<string> feedbackIds, Actor actor)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(feedbackIds.Count, MaxFeedbackIds);
        var ids = feedbackIds.Distinct(StringComparer.Ordinal).ToList();
        return await RetryUntilCommittedAsync(version => TryDeleteAsync(version, ids, actor));
    }

    private async Task<(FeedbackDeletion Result, bool? Committed)> TryDeleteAsync(long version, List<string> ids, Actor actor)
    {
        var reads = ids.Select(id => ReportFieldsAsync(id, ["id", "source", "cluster_id"])).ToList();
        await Task.WhenAll(reads);

        var notFound = new List<string>();
        var found = new List<(string Id, FeedbackSource Source, string? ClusterId)>();
        for (var i = 0; i < ids.Count; i++)
        {
            var item = reads[i].Result;
            if (item[0].IsNull)
            {
                notFound.Add(ids[i]);
                continue;
            }
            found.Add((ids[i], RedisValues.ParseEnum(item[1], FeedbackSource.Manual), item[2].IsNullOrEmpty ? null : item[2].ToString()));
        }

        var clusterIds = found.Select(f => f.ClusterId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var clusters = clusterIds.Select(id => Db.HashGetAsync(RedisKeys.Cluster(id), "status")).ToList();
        await Task.WhenAll(clusters);

        var fixing = new HashSet<string>(StringComparer.Ordinal);
        var guards = new Dictionary<string, ClusterStatus>(StringComparer.Ordinal);
        var placements = new List<Placement>();
        for (var i = 0; i < clusterIds.Count; i++)
        {
            if (clusters[i].Result.IsNull)
            {
                // Gone, its report left naming it (see StrandedReports): in no cluster's members, it leaves none.
                continue;
            }
            var status = RedisValues.ParseEnum(clusters[i].Result, ClusterStatus.New);
            if (status == ClusterStatus.Fixing)
            {
                fixing.Add(clusterIds[i]);
                continue;
            }
            guards[clusterIds[i]] = status;
            var removed = found.Where(f => f.ClusterId == clusterIds[i]).Select(f => f.Id).ToList();
            placements.Add(new Placement(clusterIds[i], status, [], removed));
        }

        var deleting = found.Where(f => f.ClusterId is null || !fixing.Contains(f.ClusterId)).ToList();
        var kept = found.Where(f => f.ClusterId is { } cluster && fixing.Contains(cluster)).ToDictionary(f => f.Id, f => f.ClusterId!, StringComparer.Ordinal);
        var result = new FeedbackDeletion([.. deleting.Select(f => f.Id)], notFound, kept);
        if (deleting.Count == 0)
        {
            return (result, null);
        }

        var committed = await CommitAsync(version, guards, placements, (tx, now, removed) =>
        {
            foreach (var (feedbackId, source, _) in deleting)
            {
                _ = tx.KeyDeleteAsync([RedisKeys.Feedback(feedbackId), RedisKeys.FeedbackVector(feedbackId)]);
                _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackAll, feedbackId);
                _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackBySource(source), feedbackId);
                _ = tx.SetRemoveAsync(RedisKeys.FeedbackUnclustered, feedbackId);
                _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackPlacedByPerson, feedbackId);
            }
            // A cluster whose last report goes is removed with nothing leading to it: no API would read its activity.
            foreach (var placement in placements.Where(p => !removed.Contains(p.ClusterId)))
            {
                ClusterActivityLog.Append(tx, placement.ClusterId, ClusterActivityLog.Entry(ActivityType.Deleted, actor, now, placement.Removed));
            }
        });
        return (result, committed);
    }
}
