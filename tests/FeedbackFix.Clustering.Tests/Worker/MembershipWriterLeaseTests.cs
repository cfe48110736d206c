using System.Diagnostics;
using FeedbackFix.Clustering.Embedding;
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

    [Fact]
    public async Task A_writer_whose_takeover_takes_longer_than_the_lease_keeps_the_lease_and_places_reports()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        // A store clustered before this writer started: its reports embedded, their queue long gone.
        var texts = Enumerable.Range(0, 300).Select(i => $"report {i} on theme {i % 15}").ToList();
        var stored = (await feedback.AddManyAsync([.. texts.Select(ClusteringState.Report)], null)).Select(r => r.Id).ToList();
        var embedded = await new HashingEmbeddingGenerator().GenerateAsync(texts);
        await vectors.SaveItemVectorsAsync([.. stored.Select((id, i) => (id, embedded[i].Vector.ToArray()))]);
        foreach (var members in stored.Chunk(20))
        {
            await clusters.CreateAsync(new NewCluster("Theme", "s", members));
        }
        await db.KeyDeleteAsync("stream:feedback");
        var reports = (await feedback.AddManyAsync([ClusteringState.Report("export to csv loses the last row"), ClusteringState.Report("dark mode makes text unreadable")], null))
            .Select(r => r.Id).ToList();
        // Every round trip to Redis takes 80 ms, so taking over (loading the space, the label corpus,
        // the repairs at start: dozens of round trips in a row) takes far longer than the lease lasts.
        var leaseDuration = TimeSpan.FromSeconds(1.5);
        await using var network = SlowNetwork.To(redis.Port, TimeSpan.FromMilliseconds(40));
        await using var host = new WorkerHost(network.ConnectionString, "slow-takeover", ("Clustering:LeaseDuration", leaseDuration.ToString())).Start();
        string? holder = null;
        await Eventually.TrueAsync(async () => (holder = await db.StringGetAsync("lock:clustering")) is not null, Within, "the writer to take the lease");
        var taken = Stopwatch.GetTimestamp();

        await ClusteringState.WaitUntilClusteredAsync(db, reports, Within);

        Assert.True(Stopwatch.GetElapsedTime(taken) > leaseDuration, "the reports were placed within the lease's first duration: the takeover was not slow");
        Assert.Equal(holder, (string?)await db.StringGetAsync("lock:clustering"));
        Assert.False(host.StoppedByItself);
    }
}
