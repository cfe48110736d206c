using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The single-writer rule for cluster membership: the replica holding <c>lock:clustering</c> is
/// the membership writer, and keeps the lease for as long as it runs, renewing it every third of
/// its duration. Every commit is fenced on the lease's token, so a writer that lost the lease
/// (paused past its expiry) cannot write after another took over.
/// </summary>
internal sealed class MembershipLease(IConnectionMultiplexer redis, IOptions<ClusteringOptions> options)
{
    /// <summary>How often a replica that is not the writer tries to take the lease.</summary>
    public TimeSpan TakeEvery => options.Value.LeaseDuration / 5;

    /// <summary>How often the holder renews the lease.</summary>
    public TimeSpan RenewEvery => options.Value.LeaseDuration / 3;

    /// <summary>Takes the lease if nobody holds it; null otherwise.</summary>
    public Task<RedisLease?> TryTakeAsync() =>
        RedisLease.TryAcquireAsync(redis.GetDatabase(), RedisKeys.ClusteringLock, options.Value.LeaseDuration);

    /// <summary>Extends a held lease; false when it lapsed and so is no longer ours.</summary>
    public Task<bool> RenewAsync(RedisLease held) => held.RenewAsync(options.Value.LeaseDuration);
}
