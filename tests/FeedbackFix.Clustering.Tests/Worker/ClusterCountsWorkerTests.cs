using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>Each cluster's reports by source, first_seen and last_seen, as the worker keeps them.</summary>
public sealed class ClusterCountsWorkerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FeedbackSource[] Sources = Enum.GetValues<FeedbackSource>();

    [Fact]
    public async Task Counts_match_the_members_after_placing_and_after_a_quiet_stray_is_folded_away()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "counts",
            ("Clustering:RefineEveryItems", "100000"), ("Clustering:RefineInterval", "00:00:01"),
            ("Clustering:Grouping:AssignThreshold", "0.95"), ("Clustering:Grouping:FoldThreshold", "0.3"),
            ("Clustering:Grouping:FoldAfter", "100000"), ("Clustering:Grouping:FoldAfterQuiet", "00:00:03")).Start();

        var blob = (await feedback.AddManyAsync([.. Enumerable.Range(0, 6).Select(i => Report("the app crashes when I open the camera", i, 10 + i))], null))
            .Select(r => r.Id).ToList();
        // The stray is the earliest and the latest report at once: the blob's range must take it in.
        var stray = (await feedback.AddAsync(Report("the app crashes when I open the camera roll on my tablet", 1, 0), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [.. blob, stray], TimeSpan.FromSeconds(60));
        await AssertCountsMatchMembersAsync(redis.Connection, feedback);

        var blobCluster = (await feedback.GetAsync(blob[0]))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await feedback.GetAsync(stray))!.ClusterId == blobCluster, TimeSpan.FromSeconds(30),
            "the stray report is still in its own cluster");

        await AssertCountsMatchMembersAsync(redis.Connection, feedback);
        var cluster = (await new ClusterStore(redis.Connection, feedback, TimeProvider.System).GetAsync(blobCluster))!;
        Assert.Equal(T0, cluster.FirstSeen);
        Assert.Equal(7, cluster.Sources.Values.Sum());
    }

    [Fact]
    public async Task A_worker_counts_at_start_the_clusters_written_before_the_counts_were_kept()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var items = (await feedback.AddManyAsync([Report("login fails", 1, 4), Report("login fails again", 1, 9), Report("login broken", 3, 2)], null))
            .Select(r => r.Id).ToList();
        var old = await clusters.CreateAsync(new NewCluster("Login", "s", items));
        await db.HashDeleteAsync($"cluster:{old.Id}", ["source_count:sentry", "source_count:manual", "first_seen", "last_seen"]);
        await db.SortedSetRemoveAsync("clusters:by_last_seen", old.Id);
        await db.SortedSetRemoveAsync("clusters:by_last_seen:new", old.Id);

        await using var worker = new WorkerHost(redis.ConnectionString, "backfill").Start();
        await Eventually.TrueAsync(() => db.HashExistsAsync($"cluster:{old.Id}", "last_seen"), TimeSpan.FromSeconds(30),
            "the cluster written before the counts is still uncounted");

        var counted = (await clusters.GetAsync(old.Id))!;
        Assert.Equal(new Dictionary<string, long> { ["manual"] = 1, ["sentry"] = 2 }, counted.Sources);
        Assert.Equal((T0.AddMinutes(2), T0.AddMinutes(9)), (counted.FirstSeen, counted.LastSeen));
        Assert.Equal(T0.AddMinutes(9).ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync("clusters:by_last_seen:new", old.Id));
    }

    [Fact]
    public async Task A_writer_taking_the_lease_places_again_a_report_left_naming_a_removed_cluster()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var stranded = (await feedback.AddAsync(Report("the app crashes when I open the camera", 0, 1), null)).Id;
        var gone = await clusters.CreateAsync(new NewCluster("Camera", "s", [stranded]));
        await db.KeyDeleteAsync([RedisKeys.FeedbackStream, RedisKeys.Cluster(gone.Id), RedisKeys.ClusterItems(gone.Id)]);
        await db.SetRemoveAsync(RedisKeys.ClustersAll, gone.Id);

        await using var worker = new WorkerHost(redis.ConnectionString, "stranded").Start();

        await Eventually.TrueAsync(async () => (await feedback.GetAsync(stranded))!.ClusterId is { } id && id != gone.Id,
            TimeSpan.FromSeconds(60), "the stranded report to be placed again");
        var placedIn = (await feedback.GetAsync(stranded))!.ClusterId!;
        Assert.Equal([stranded], (await db.SetMembersAsync(RedisKeys.ClusterItems(placedIn))).Select(m => m.ToString()));
        Assert.Equal(1, (await clusters.GetAsync(placedIn))!.Size);
    }

    private static NewFeedback Report(string title, int source, int minute) =>
        new(Sources[source % Sources.Length], null, title, "", null, null, T0.AddMinutes(minute));

    /// <summary>Every cluster's stored counts are those of its members, and it sits in the last_seen index at its last_seen.</summary>
    private static async Task AssertCountsMatchMembersAsync(IConnectionMultiplexer redis, FeedbackStore feedback)
    {
        var db = redis.GetDatabase();
        var clusters = new ClusterStore(redis, feedback, TimeProvider.System);
        foreach (var (clusterId, members) in await ClusteringState.MembersAsync(db))
        {
            var items = (await feedback.GetManyAsync(members)).Select(i => i!).ToList();
            var cluster = (await clusters.GetAsync(clusterId))!;
            var expected = items.GroupBy(i => i.Source.ToRedis()).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(expected.OrderBy(e => e.Key), cluster.Sources.OrderBy(e => e.Key));
            Assert.Equal((items.Min(i => i.CreatedAt), items.Max(i => i.CreatedAt)), (cluster.FirstSeen!.Value, cluster.LastSeen!.Value));
            Assert.Equal(cluster.LastSeen.Value.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync("clusters:by_last_seen", clusterId));
            Assert.Equal(cluster.LastSeen.Value.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"clusters:by_last_seen:{cluster.Status.ToRedis()}", clusterId));
        }
    }
}
