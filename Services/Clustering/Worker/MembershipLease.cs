using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The single-writer rule for cluster membership: one replica at a time decides and commits,
/// holding <c>lock:clustering</c>. Embedding, the expensive part, runs outside it in parallel.
/// </summary>
internal sealed class MembershipLease(IConnectionMultiplexer redis, IOptions<ClusteringOptions> options)
{
    /// <summary>Waits up to LeaseWait for the lease; null when another replica kept it.</summary>
    public async Task<RedisLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Value.LeaseWait;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var lease = await RedisLease.TryAcquireAsync(redis.GetDatabase(), RedisKeys.ClusteringLock, options.Value.LeaseDuration);
            if (lease is not null || DateTime.UtcNow >= deadline)
            {
                return lease;
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }
}
