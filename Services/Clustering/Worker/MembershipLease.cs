using FeedbackFix.Domain.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>
/// The single-writer rule for cluster membership: the replica holding <c>lock:clustering</c> is
/// the membership writer, and keeps the lease for as long as it runs, renewing it every third of
/// its duration on a timer of its own (<see cref="KeepRenewedAsync"/>), so a long refinement of a
/// large store cannot outlast it. Every commit is fenced on the lease's token, so a writer that
/// lost the lease (paused past its expiry) cannot write after another took over.
/// </summary>
internal sealed class MembershipLease(IConnectionMultiplexer redis, IOptions<ClusteringOptions> options, TimeProvider time)
{
    /// <summary>How often a replica that is not the writer tries to take the lease.</summary>
    public TimeSpan TakeEvery => options.Value.LeaseDuration / 5;

    /// <summary>How often the holder renews the lease.</summary>
    public TimeSpan RenewEvery => options.Value.LeaseDuration / 3;

    /// <summary>Takes the lease if nobody holds it; null otherwise.</summary>
    public Task<RedisLease?> TryTakeAsync() =>
        RedisLease.TryAcquireAsync(redis.GetDatabase(), RedisKeys.ClusteringLock, options.Value.LeaseDuration);

    /// <summary>
    /// Renews <paramref name="held"/> every <see cref="RenewEvery"/> until <paramref name="cancellationToken"/>
    /// is cancelled, whatever the writer is busy with meanwhile; calls <paramref name="lost"/> and ends
    /// once a renewal finds the lease no longer this writer's. A renewal Redis could not serve is tried
    /// again at the next tick: the lease may outlive the outage, and commits are fenced meanwhile.
    /// </summary>
    public async Task KeepRenewedAsync(RedisLease held, Action lost, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (!await held.RenewAsync(options.Value.LeaseDuration))
                    {
                        lost();
                        return;
                    }
                }
                catch (Exception ex) when (RedisOutage.Is(ex))
                {
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
