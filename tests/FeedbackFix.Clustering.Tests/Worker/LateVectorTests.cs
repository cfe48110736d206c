using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// Reports a person placed before they had a vector: members the writer's space cannot hold until
/// their vector comes, which must still count in their cluster's size and, once embedded, in its centroid.
/// </summary>
public sealed class LateVectorTests
{
    private static readonly Actor Person = new("ada", "dashboard");

    [Fact]
    public async Task A_report_a_person_placed_before_it_had_a_vector_still_counts_in_the_size_when_the_worker_adds_to_its_cluster()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        const string problem = "the app crashes when I open the camera";
        var first = (await feedback.AddAsync(ClusteringState.Report(problem), null)).Id;
        string clusterId;
        await using (var before = new WorkerHost(redis.ConnectionString, "before").Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(db, [first], TimeSpan.FromSeconds(60));
            clusterId = (await feedback.GetAsync(first))!.ClusterId!;
        }
        // A report moved in by a person while nothing embedded it: it never gets a vector, so the
        // writer's space does not hold it.
        var unembedded = (await feedback.AddAsync(ClusteringState.Report("camera crash on start"), null)).Id;
        await db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        Assert.Equal(CurationOutcome.Done, (await curation.MoveAsync(clusterId, [unembedded], Person)).Outcome);

        await using var worker = new WorkerHost(redis.ConnectionString, "after").Start();
        var joining = (await feedback.AddAsync(ClusteringState.Report(problem), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [joining], TimeSpan.FromSeconds(60));

        Assert.Equal(clusterId, (await feedback.GetAsync(joining))!.ClusterId);
        Assert.Equal(3, (await clusters.GetAsync(clusterId))!.Size);
        Assert.Equal(3, await db.SetLengthAsync(RedisKeys.ClusterItems(clusterId)));
        Assert.Equal(3, await db.SortedSetScoreAsync(RedisKeys.ClustersBySize, clusterId));
    }

    [Fact]
    public async Task A_report_a_person_placed_before_it_had_a_vector_joins_the_writers_space_when_its_vector_comes()
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
        // Moved in with its queue entry gone: the next writer loads the cluster without it.
        var late = (await feedback.AddAsync(ClusteringState.Report("export to csv loses the header row"), null)).Id;
        await db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        Assert.Equal(CurationOutcome.Done, (await curation.MoveAsync(clusterId, [late], Person)).Outcome);
        await using var worker = new WorkerHost(redis.ConnectionString, "after").Start();
        var other = (await feedback.AddAsync(ClusteringState.Report("the invoice pdf will not download"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [other], TimeSpan.FromSeconds(60));

        // Its vector comes, and the writer has handled it, before the next report on the cluster's theme.
        await feedback.RequeueAsync([late], null);
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
}
