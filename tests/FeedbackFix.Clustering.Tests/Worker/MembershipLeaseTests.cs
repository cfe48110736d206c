using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Redis;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>The membership lease kept on its own timer, over a real redis-server, the timer on a fake clock.</summary>
public sealed class MembershipLeaseTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string LockKey = "lock:clustering";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_held_lease_is_renewed_on_its_own_timer_every_third_of_its_duration()
    {
        var (clock, lease, held) = await TakeLeaseAsync();
        var db = redis.Connection.GetDatabase();
        // As if most of the lease had passed while the writer refined a large store.
        await db.KeyExpireAsync(LockKey, TimeSpan.FromSeconds(2));
        using var stop = new CancellationTokenSource();
        var lost = false;

        var keeping = lease.KeepRenewedAsync(held, () => lost = true, stop.Token);
        clock.Advance(lease.RenewEvery);

        await Eventually.TrueAsync(async () => await db.KeyTimeToLiveAsync(LockKey) > TimeSpan.FromSeconds(10), Within, "the lease was not renewed");
        await stop.CancelAsync();
        await keeping;
        Assert.False(lost);
    }

    [Fact]
    public async Task Keeping_a_lease_another_writer_took_says_it_is_lost_and_stops_renewing()
    {
        var (clock, lease, held) = await TakeLeaseAsync();
        var db = redis.Connection.GetDatabase();
        await db.StringSetAsync(LockKey, "another-writer", TimeSpan.FromSeconds(5));
        var lost = new TaskCompletionSource();

        var keeping = lease.KeepRenewedAsync(held, () => lost.TrySetResult(), CancellationToken.None);
        clock.Advance(lease.RenewEvery);

        await lost.Task.WaitAsync(Within);
        await keeping.WaitAsync(Within);
        Assert.Equal("another-writer", (string?)await db.StringGetAsync(LockKey));
        Assert.True(await db.KeyTimeToLiveAsync(LockKey) <= TimeSpan.FromSeconds(5), "the other writer's lease was extended");
    }

    // A blank store, a lease of 15 s on a clock that moves only when told, and the lease taken.
    private async Task<(FakeTimeProvider Clock, MembershipLease Lease, RedisLease Held)> TakeLeaseAsync()
    {
        await redis.FlushAsync();
        var clock = new FakeTimeProvider();
        var lease = new MembershipLease(redis.Connection, Options.Create(new ClusteringOptions { LeaseDuration = TimeSpan.FromSeconds(15) }), clock);
        var held = await lease.TryTakeAsync();
        Assert.NotNull(held);
        return (clock, lease, held);
    }
}
