using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// Reports a person placed before they had a vector: members the writer's space cannot hold until
/// their vector comes (their sizes are counted by the store: ClusterCurationStoreTests, ClusterMembershipStoreTests), which, once
/// embedded, count in their cluster's centroid.
/// </summary>
public sealed class LateVectorTests
{
    private static readonly Actor Person = new("ada", "dashboard");

    [Fact]
    public async Task A_report_a_person_placed_before_it_had_a_vector_is_embedded_when_a_writer_takes_over_and_joins_its_space()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        const string problem = "the app crashes when I open the camera";
        var first = (await feedback.AddAsync(ClusteringState.Report(problem), null)).Id;
        string clusterId;
        await using (var before = new WorkerHost(redis.ConnectionString, "before").Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(db, [first], TimeSpan.FromSeconds(60));
            clusterId = (await feedback.GetAsync(first))!.ClusterId!;
        }
        // Moved in with its queue entry gone (as an embedder once consumed it without embedding it):
        // the next writer loads the cluster without it and queues it to be embedded.
        var late = (await feedback.AddAsync(ClusteringState.Report("export to csv loses the header row"), null)).Id;
        await db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        Assert.Equal(CurationOutcome.Done, (await curation.MoveAsync(clusterId, [late], Person)).Outcome);
        await using var worker = new WorkerHost(redis.ConnectionString, "after").Start();

        // Its vector comes, and the writer has handled it, before the next report on the cluster's theme.
        await Eventually.TrueAsync(async () => (await vectors.GetItemVectorsAsync([late], (await vectors.GetModelAsync())!.Dimension))[0] is not null &&
            await db.StreamLengthAsync(RedisKeys.EmbeddedStream) == 0, TimeSpan.FromSeconds(60), "the late report to be embedded and handed to the writer");
        var joining = (await feedback.AddAsync(ClusteringState.Report(problem), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [joining], TimeSpan.FromSeconds(60));

        // The centroid the writer committed with the joining report is the mean of all three, the late one included.
        var dimension = (await vectors.GetModelAsync())!.Dimension;
        var members = await vectors.GetItemVectorsAsync([first, late, joining], dimension);
        var expected = new float[dimension];
        foreach (var member in members)
        {
            VectorMath.Add(expected, VectorMath.Normalized(member!));
        }
        expected = VectorMath.Normalized(expected);
        var centroid = VectorCodec.Decode(await db.StringGetAsync(RedisKeys.ClusterVector(clusterId)), dimension)!;
        Assert.Equal(clusterId, (await feedback.GetAsync(joining))!.ClusterId);
        Assert.True(VectorMath.Dot(expected, centroid) > 0.999f, $"centroid against the mean of all three: {VectorMath.Dot(expected, centroid)}");
    }

    [Fact]
    public async Task A_cluster_a_person_split_from_reports_not_yet_embedded_draws_new_reports_on_its_theme_once_they_are()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        const string problem = "the app crashes when I open the camera";
        var split = (await feedback.AddManyAsync([ClusteringState.Report(problem), ClusteringState.Report(problem)], null)).Select(r => r.Id).ToList();
        await db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        var clusterId = (await curation.SplitAsync(split, "Camera crash", Person)).ClusterId!;

        // The writer's load holds no member of it; their vectors come after, and the space takes the cluster in.
        await using var worker = new WorkerHost(redis.ConnectionString, "split").Start();
        await Eventually.TrueAsync(async () => (await vectors.GetModelAsync()) is { } model &&
            (await vectors.GetItemVectorsAsync(split, model.Dimension)).All(v => v is not null) &&
            await db.StreamLengthAsync(RedisKeys.EmbeddedStream) == 0, TimeSpan.FromSeconds(60), "the split reports to be embedded and handed to the writer");
        var joining = (await feedback.AddAsync(ClusteringState.Report(problem), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [joining], TimeSpan.FromSeconds(60));

        Assert.Equal(clusterId, (await feedback.GetAsync(joining))!.ClusterId);
    }
}
