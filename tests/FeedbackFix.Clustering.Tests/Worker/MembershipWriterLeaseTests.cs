using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class MembershipWriterLeaseTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_writer_that_loses_the_lease_drops_its_space_decides_nothing_and_takes_over_again_when_the_lease_is_free()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var host = new WorkerHost(redis.ConnectionString, "lease", ("Clustering:LeaseDuration", "00:00:01")).Start();
        var cache = host.Services.GetRequiredService<ClusterSpaceCache>();
        var before = (await feedback.AddManyAsync([ClusteringState.Report("export to csv loses the last row"), ClusteringState.Report("dark mode makes text unreadable")], null))
            .Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, before, Within);

        // Someone else holds the lease now (as if this writer had paused past its expiry).
        await db.StringSetAsync("lock:clustering", "another-writer", TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => cache.Space.ItemCount == 0, Within, "the writer still holds its space");
        var during = (await feedback.AddManyAsync([ClusteringState.Report("notifications arrive twice"), ClusteringState.Report("sync stalls at 99 percent")], null))
            .Select(r => r.Id).ToList();
        // The embedders go on: the reports wait on stream:embedded for a writer.
        await Eventually.TrueAsync(async () => await db.StreamLengthAsync("stream:embedded") == during.Count, Within, "the reports were not embedded");
        Assert.All(await feedback.GetManyAsync(during), item => Assert.Null(item!.ClusterId));

        await db.KeyDeleteAsync("lock:clustering");
        await ClusteringState.WaitUntilClusteredAsync(db, during, Within);

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, [.. before, .. during]);
        Assert.True(await db.KeyExistsAsync("lock:clustering"), "the writer did not take the lease again");
    }
}
