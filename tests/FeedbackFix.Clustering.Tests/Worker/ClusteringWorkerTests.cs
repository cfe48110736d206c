using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class ClusteringWorkerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private static readonly string[] Problems =
    [
        "the app crashes when I open the camera", "login button does nothing on android", "dark mode makes text unreadable",
        "export to csv loses the last row", "notifications arrive twice", "search returns nothing for accented words",
        "the invoice pdf will not download", "password reset email never arrives", "sync stalls at 99 percent",
        "video playback stutters on wifi",
    ];

    [Fact]
    public async Task Entries_left_pending_by_a_crashed_embedder_are_claimed_and_each_item_ends_in_exactly_one_cluster()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var ids = (await feedback.AddManyAsync([.. Enumerable.Range(0, 60).Select(i => ClusteringState.Report(Problems[i % Problems.Length]))], null))
            .Select(r => r.Id).ToList();
        // An embedder that read everything and died before handing it on.
        await db.StreamCreateConsumerGroupAsync("stream:feedback", "embedders", StreamPosition.Beginning);
        Assert.Equal(60, (await db.StreamReadGroupAsync("stream:feedback", "embedders", "crashed-embedder", StreamPosition.NewMessages, 100)).Length);

        await using var worker = new WorkerHost(redis.ConnectionString, "survivor").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, ids, Within);

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, ids);
    }

    [Fact]
    public async Task Entries_a_crashed_writer_left_pending_are_placed_first_by_the_next_writer_and_none_twice()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var first = (await feedback.AddManyAsync([.. Enumerable.Range(0, 30).Select(i => ClusteringState.Report(Problems[i % Problems.Length]))], null))
            .Select(r => r.Id).ToList();
        await using (var worker = new WorkerHost(redis.ConnectionString, "before-crash").Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(db, first, Within);
        }
        var placedBefore = (await feedback.GetManyAsync(first)).ToDictionary(item => item!.Id, item => item!.ClusterId);
        // A writer that read the embedded entries and died: once after its commit (the entries of
        // clustered items come again) and once before it (never placed).
        var late = (await feedback.AddManyAsync([.. Enumerable.Range(0, 30).Select(i => ClusteringState.Report(Problems[i % Problems.Length] + " again"))], null))
            .Select(r => r.Id).ToList();
        foreach (var id in first.Take(10).Concat(late))
        {
            await db.StreamAddAsync("stream:embedded", [new NameValueEntry("id", id), new NameValueEntry("traceparent", "")]);
        }
        var embedder = new HashingEmbeddingGenerator();
        await db.StringSetAsync([.. (await feedback.GetManyAsync(late)).Select(item =>
            new KeyValuePair<RedisKey, RedisValue>($"feedback:vector:{item!.Id}", VectorCodec.Encode(embedder.Embed(EmbeddingText.For(item)))))]);
        var read = await db.StreamReadGroupAsync("stream:embedded", "membership", "writer", StreamPosition.NewMessages, 100);
        Assert.Equal(40, read.Length);

        await using var next = new WorkerHost(redis.ConnectionString, "after-crash").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, late, Within);

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, [.. first, .. late]);
        var placedAfter = (await feedback.GetManyAsync(first)).ToDictionary(item => item!.Id, item => item!.ClusterId);
        Assert.Equal(placedBefore, placedAfter);
        Assert.Empty(await db.StreamPendingMessagesAsync("stream:embedded", "membership", 100, RedisValue.Null));
    }

    [Fact]
    public async Task A_worker_stopped_mid_run_and_another_started_leave_every_item_in_exactly_one_cluster()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var first = new WorkerHost(redis.ConnectionString, "first").Start();

        var ids = new List<string>();
        for (var batch = 0; batch < 10; batch++)
        {
            ids.AddRange((await feedback.AddManyAsync([.. Enumerable.Range(0, 30).Select(i => ClusteringState.Report(Problems[(batch + i) % Problems.Length]))], null)).Select(r => r.Id));
            if (batch == 4)
            {
                await first.DisposeAsync();
            }
        }

        await using var second = new WorkerHost(redis.ConnectionString, "second").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, ids, Within);

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, ids);
    }

    [Fact]
    public async Task A_small_cluster_that_goes_quiet_is_folded_into_its_neighbour_with_no_further_arrivals_and_the_fold_is_in_its_activity()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        // The interval refines once, 1 s after the reports came; after that only the stray's quiet
        // period (3 s) can start a refinement: no count is reached and no item arrives.
        await using var worker = new WorkerHost(redis.ConnectionString, "quiet",
            ("Clustering:RefineEveryItems", "100000"), ("Clustering:RefineInterval", "00:00:01"),
            ("Clustering:Grouping:AssignThreshold", "0.95"), ("Clustering:Grouping:FoldThreshold", "0.3"),
            ("Clustering:Grouping:FoldAfter", "100000"), ("Clustering:Grouping:FoldAfterQuiet", "00:00:03")).Start();

        var blob = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(Problems[0]), 6)], null)).Select(r => r.Id).ToList();
        var stray = (await feedback.AddAsync(ClusteringState.Report(Problems[0] + " roll on my tablet"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [.. blob, stray], Within);

        var blobCluster = (await feedback.GetAsync(blob[0]))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await feedback.GetAsync(stray))!.ClusterId == blobCluster, TimeSpan.FromSeconds(30),
            "the stray report is still in its own cluster");
        // It had opened a cluster of its own, which now points to the blob's.
        var merged = Assert.Single(redis.Connection.GetServers()[0].Keys(pattern: "cluster:merged:*"));
        Assert.Equal(blobCluster, (string?)await db.StringGetAsync(merged));
        var strayCluster = merged.ToString()["cluster:merged:".Length..];
        var activity = (await new ClusterCurationStore(redis.Connection, TimeProvider.System).GetActivityAsync(blobCluster))!;
        Assert.Contains(activity, a => a.Type == ActivityType.Merged && a.By == "worker" && a.MergedFrom == strayCluster);
    }

    [Fact]
    public async Task Every_cluster_of_a_burst_gets_a_title_once_the_queue_is_drained()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "labeller").Start();

        var ids = (await feedback.AddManyAsync([.. Enumerable.Range(0, 300).Select(i => ClusteringState.Report(Problems[i % Problems.Length]))], null))
            .Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, ids, Within);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var untitled = new List<string>();
        do
        {
            untitled.Clear();
            foreach (var clusterId in (await ClusteringState.MembersAsync(db)).Keys)
            {
                if ((await db.HashGetAsync($"cluster:{clusterId}", "title")).IsNullOrEmpty)
                {
                    untitled.Add(clusterId);
                }
            }
            await Task.Delay(50);
        }
        while (untitled.Count > 0 && DateTime.UtcNow < deadline);

        Assert.Empty(untitled);
    }

    [Fact]
    public async Task Two_workers_over_1000_items_put_no_item_in_two_clusters_and_open_no_twins()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var a = new WorkerHost(redis.ConnectionString, "worker-a").Start();
        await using var b = new WorkerHost(redis.ConnectionString, "worker-b").Start();

        // 100 distinct reports, each sent 10 times: copies have identical vectors, so two
        // clusters holding copies of one report could only come from a race.
        var texts = Enumerable.Range(0, 100).Select(i => $"{Problems[i % Problems.Length]} on device model {i / 10} build {i}").ToList();
        var sent = new List<(string Id, string Text)>();
        foreach (var round in Enumerable.Range(0, 10))
        {
            var batch = texts.Select(t => ClusteringState.Report(t)).ToList();
            var refs = await feedback.AddManyAsync(batch, null);
            sent.AddRange(refs.Select((r, i) => (r.Id, texts[i])));
        }
        var ids = sent.Select(s => s.Id).ToList();

        await ClusteringState.WaitUntilClusteredAsync(db, ids, TimeSpan.FromSeconds(120));

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, ids);
        var items = await feedback.GetManyAsync(ids);
        var clusterOf = items.ToDictionary(i => i!.Id, i => i!.ClusterId);
        foreach (var group in sent.GroupBy(s => s.Text))
        {
            Assert.Single(group.Select(s => clusterOf[s.Id]).Distinct());
        }
    }

    [Fact]
    public async Task Poison_entries_are_dead_lettered_with_a_reason_while_the_others_are_clustered()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await db.StreamAddAsync("stream:feedback", [new NameValueEntry("id", "no-such-feedback"), new NameValueEntry("traceparent", "")]);
        await db.StreamAddAsync("stream:feedback", [new NameValueEntry("garbage", "1")]);
        var ids = (await feedback.AddManyAsync([.. Problems.Select(ClusteringState.Report)], null)).Select(r => r.Id).ToList();

        await using var worker = new WorkerHost(redis.ConnectionString, "worker").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, ids, Within);

        var dead = await db.StreamRangeAsync("stream:feedback:dead");
        Assert.Equal(2, dead.Length);
        Assert.Contains(dead, e => e["dead_reason"].ToString().Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(dead, e => e["dead_reason"].ToString().Contains("no valid feedback id", StringComparison.Ordinal));
        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, ids);
    }

    [Fact]
    public async Task After_a_Redis_restart_the_worker_resumes_by_itself()
    {
        // Durable: the restart keeps everything Redis answered.
        await using var redis = new RedisServer { Durable = true };
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "worker").Start();
        var before = (await feedback.AddManyAsync([.. Problems.Select(ClusteringState.Report)], null)).Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, before, Within);

        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.Connection.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                lost.TrySetResult();
            }
        };
        await redis.StopAsync();
        // A real outage: the clients meet the closed connection before Redis is back.
        await lost.Task.WaitAsync(Within);
        await redis.StartAsync();
        var after = await AddWhenRedisAnswersAsync(feedback);
        await ClusteringState.WaitUntilClusteredAsync(db, after, Within);

        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, [.. before, .. after]);
    }

    private static async Task<List<string>> AddWhenRedisAnswersAsync(FeedbackStore feedback)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return [.. (await feedback.AddManyAsync([.. Problems.Select(p => ClusteringState.Report(p + " again"))], null)).Select(r => r.Id)];
            }
            catch (RedisException) when (attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }
}
