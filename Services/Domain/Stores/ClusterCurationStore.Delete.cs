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
    public Task<CurationResult> DeleteFeedbackAsync(string feedbackId, Actor actor) => RetryAsync(async version =>
    {
        var item = await Db.HashGetAsync(RedisKeys.Feedback(feedbackId), ["id", "source", "cluster_id"]);
        if (item[0].IsNull)
        {
            return (CurationResult.NotFound(feedbackId), null);
        }
        var clusterId = item[2].IsNullOrEmpty ? null : item[2].ToString();
        var placements = new List<Placement>();
        var guards = new Dictionary<string, ClusterStatus>(StringComparer.Ordinal);
        if (clusterId is not null)
        {
            var cluster = await Db.HashGetAsync(RedisKeys.Cluster(clusterId), ["status", "size"]);
            var status = RedisValues.ParseEnum(cluster[0], ClusterStatus.New);
            if (status == ClusterStatus.Fixing)
            {
                return (CurationResult.Fixing(clusterId), null);
            }
            guards[clusterId] = status;
            placements.Add(new Placement(clusterId, status, (long)cluster[1], [], [feedbackId]));
        }

        var source = RedisValues.ParseEnum(item[1], FeedbackSource.Manual);
        var committed = await CommitAsync(version, guards, placements, (tx, now) =>
        {
            _ = tx.KeyDeleteAsync([RedisKeys.Feedback(feedbackId), RedisKeys.FeedbackVector(feedbackId)]);
            _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackAll, feedbackId);
            _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackBySource(source), feedbackId);
            _ = tx.SetRemoveAsync(RedisKeys.FeedbackUnclustered, feedbackId);
            _ = tx.SortedSetRemoveAsync(RedisKeys.FeedbackPlacedByPerson, feedbackId);
            if (clusterId is not null)
            {
                ClusterActivityLog.Append(tx, clusterId, ClusterActivityLog.Entry(ActivityType.Deleted, actor, now, [feedbackId]));
            }
        });
        return (CurationResult.Done(clusterId), committed);
    });
}
