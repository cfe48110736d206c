using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

namespace FeedbackFix.Domain.Stores;

/// <summary>
/// What every change to membership is fenced on: <c>clustering:version</c> still the value it was read as
/// (0: never set), so a change decided from an older view of the clusters is refused.
/// </summary>
internal static class VersionFence
{
    public static Condition At(long version) => version == 0
        ? Condition.KeyNotExists(RedisKeys.ClusteringVersion)
        : Condition.StringEqual(RedisKeys.ClusteringVersion, version);
}
