using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// A cluster's activity: a Redis list, newest first, capped at <see cref="Capacity"/> entries, written
/// in the same transaction as the change it tells of (docs/architecture.md, "Curation").
/// </summary>
public static class ClusterActivityLog
{
    /// <summary>How many entries a cluster keeps; older ones fall off.</summary>
    public const int Capacity = 200;

    /// <summary>How many report ids one entry lists; <c>count</c> says how many there were.</summary>
    public const int MaxListedIds = 100;

    /// <summary>Queues the entry (in a transaction, or pipelined with other commands).</summary>
    public static void Append(IDatabaseAsync db, string clusterId, ClusterActivity entry)
    {
        var key = RedisKeys.ClusterActivity(clusterId);
        _ = db.ListLeftPushAsync(key, JsonSerializer.Serialize(entry, ApiJsonContext.Default.ClusterActivity));
        _ = db.ListTrimAsync(key, 0, Capacity - 1);
    }

    /// <summary>An entry made by <paramref name="actor"/> at <paramref name="at"/>.</summary>
    public static ClusterActivity Entry(ActivityType type, Actor actor, DateTimeOffset at, IReadOnlyCollection<string>? feedbackIds = null) => new()
    {
        At = at,
        Type = type,
        By = actor.By,
        Via = actor.Via,
        Count = feedbackIds?.Count,
        FeedbackIds = feedbackIds is null ? null : [.. feedbackIds.Take(MaxListedIds)],
    };

    /// <summary>The cluster's entries, newest first.</summary>
    public static async Task<IReadOnlyList<ClusterActivity>> ReadAsync(IDatabase db, string clusterId)
    {
        var values = await db.ListRangeAsync(RedisKeys.ClusterActivity(clusterId));
        return [.. values.Select(v => JsonSerializer.Deserialize(v.ToString(), ApiJsonContext.Default.ClusterActivity)!)];
    }

    /// <summary>
    /// The worker's part of each cluster's activity, queued in its commit: clusters opened, reports
    /// joined (counted, one entry per cluster and commit) and merges on both sides.
    /// </summary>
    public static void AppendWorkerCommit(IDatabaseAsync transaction, MembershipChanges changes, DateTimeOffset at)
    {
        foreach (var update in changes.Updates.Where(u => u.AddedItems.Count > 0))
        {
            var type = update.Opened ? ActivityType.Created : ActivityType.Joined;
            Append(transaction, update.ClusterId, Entry(type, Actor.Worker, at) with
            {
                Count = update.AddedItems.Count,
            });
        }
        foreach (var merge in changes.Merges)
        {
            Append(transaction, merge.AbsorbedId,
                Entry(ActivityType.Merged, Actor.Worker, at) with { MergedInto = merge.SurvivorId });
            Append(transaction, merge.SurvivorId,
                Entry(ActivityType.Merged, Actor.Worker, at) with { MergedFrom = merge.AbsorbedId });
        }
    }
}
