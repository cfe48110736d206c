using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// Follows <c>cluster:merged:{id}</c> from a merged-away cluster to the cluster that holds its reports
/// now, through every merge since (a survivor may itself be merged away later, by the worker or a person).
/// </summary>
internal static class MergedClusters
{
    /// <summary>A guard against a cycle only: a chain is one merge after another of the same reports.</summary>
    public const int MaxHops = 64;

    /// <summary>The live cluster <paramref name="clusterId"/> is or was merged into; null when there is none.</summary>
    public static async Task<string?> ResolveAsync(IDatabase db, string clusterId)
    {
        for (var hop = 0; hop <= MaxHops; hop++)
        {
            if (await db.KeyExistsAsync(RedisKeys.Cluster(clusterId)))
            {
                return clusterId;
            }
            var next = await db.StringGetAsync(RedisKeys.ClusterMerged(clusterId));
            if (next.IsNullOrEmpty)
            {
                return null;
            }
            clusterId = next.ToString();
        }
        return null;
    }
}
