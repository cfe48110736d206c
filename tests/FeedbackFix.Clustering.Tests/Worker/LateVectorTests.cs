using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// Reports a person placed before they had a vector: members the writer's space cannot hold until
/// their vector comes (their sizes are counted by the store: ClusterCurationStoreTests, ClusterMembershipStoreTests), which, once
/// embedded, count in their cluster's centroid.
/// </summary>
public sealed class LateVectorTests : IAsyncLifetime
{
    private const string Problem = "the app crashes when I open the camera";
    private static readonly Actor Person = new("ada", "dashboard");

    private readonly RedisServer _redis = new();
    private FeedbackStore _feedback = null!;
    private VectorStore _vectors = null!;
    private ClusterCurationStore _curation = null!;

    private StackExchange.Redis.IDatabase Db => _redis.Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _feedback = new FeedbackStore(_redis.Connection, TimeProvider.System);
        _vectors = new VectorStore(_redis.Connection);
        _curation = new ClusterCurationStore(_redis.Connection, TimeProvider.System);
    }

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task A_report_a_person_placed_before_it_had_a_vector_is_embedded_when_a_writer_takes_over_and_joins_its_space()
    {
        var first = (await _feedback.AddAsync(ClusteringState.Report(Problem), null)).Id;
        string clusterId;
        await using (var before = new WorkerHost(_redis.ConnectionString, "before").Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(Db, [first], TimeSpan.FromSeconds(60));
            clusterId = (await _feedback.GetAsync(first))!.ClusterId!;
        }
        // Moved in with its queue entry gone (as an embedder once consumed it without embedding it):
        // the next writer loads the cluster without it and queues it to be embedded.
        var late = (await _feedback.AddAsync(ClusteringState.Report("export to csv loses the header row"), null)).Id;
        await Db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        Assert.Equal(CurationOutcome.Done, (await _curation.MoveAsync(clusterId, [late], Person)).Outcome);
        await using var worker = new WorkerHost(_redis.ConnectionString, "after").Start();

        // Its vector comes, and the writer has handled it, before the next report on the cluster's theme.
        await EmbeddedAndHandedOnAsync([late]);
        var joining = (await _feedback.AddAsync(ClusteringState.Report(Problem), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(Db, [joining], TimeSpan.FromSeconds(60));

        // The centroid the writer committed with the joining report is the mean of all three, the late one included.
        var dimension = (await _vectors.GetModelAsync())!.Dimension;
        var members = await _vectors.GetItemVectorsAsync([first, late, joining], dimension);
        var expected = new float[dimension];
        foreach (var member in members)
        {
            VectorMath.Add(expected, VectorMath.Normalized(member!));
        }
        expected = VectorMath.Normalized(expected);
        var centroid = VectorCodec.Decode(await Db.StringGetAsync(RedisKeys.ClusterVector(clusterId)), dimension)!;
        Assert.Equal(clusterId, (await _feedback.GetAsync(joining))!.ClusterId);
        Assert.True(VectorMath.Dot(expected, centroid) > 0.999f, $"centroid against the mean of all three: {VectorMath.Dot(expected, centroid)}");
    }

    [Fact]
    public async Task A_report_whose_cluster_was_removed_while_it_had_no_vector_is_placed_again_when_its_vector_reaches_the_writer()
    {
        var first = (await _feedback.AddAsync(ClusteringState.Report(Problem), null)).Id;
        var homeless = (await _feedback.AddAsync(ClusteringState.Report(Problem), null)).Id;
        await using (var before = new WorkerHost(_redis.ConnectionString, "before").Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(Db, [first, homeless], TimeSpan.FromSeconds(60));
        }
        // What a refinement leaves when it empties a cluster whose member the writer's space could not
        // hold (no vector of the model's dimension, as while a new model's vectors are still coming):
        // the report names a cluster that is gone and is in no cluster's members. Its vector then
        // comes, and the embedder hands it on to the writer.
        var clusterId = (await _feedback.GetAsync(homeless))!.ClusterId!;
        var gone = Ids.New();
        await Db.HashSetAsync(RedisKeys.Feedback(homeless), "cluster_id", gone);
        await Db.SetRemoveAsync(RedisKeys.ClusterItems(clusterId), homeless);
        await Db.StreamAddAsync(RedisKeys.EmbeddedStream, [new("id", homeless), new("traceparent", "")]);
        // The once-per-store pass over every report, which would also find it, ran when the first writer took over.
        Assert.True(await Db.KeyExistsAsync(RedisKeys.StrandedReportsReleased));

        await using var worker = new WorkerHost(_redis.ConnectionString, "after").Start();

        await Eventually.TrueAsync(async () => (await _feedback.GetAsync(homeless))!.ClusterId is { } now && now != gone
            && await Db.SetContainsAsync(RedisKeys.ClusterItems(now), homeless), TimeSpan.FromSeconds(60), "the report to be placed in a cluster that holds it");
        await ClusteringState.AssertEachInExactlyOneClusterAsync(Db, _feedback, [first, homeless]);
    }

    [Fact]
    public async Task A_cluster_a_person_split_from_reports_not_yet_embedded_draws_new_reports_on_its_theme_once_they_are()
    {
        var split = (await _feedback.AddManyAsync([ClusteringState.Report(Problem), ClusteringState.Report(Problem)], null)).Select(r => r.Id).ToList();
        await Db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        var clusterId = (await _curation.SplitAsync(split, "Camera crash", Person)).ClusterId!;

        // The writer's load holds no member of it; their vectors come after, and the space takes the cluster in.
        await using var worker = new WorkerHost(_redis.ConnectionString, "split").Start();
        await EmbeddedAndHandedOnAsync(split);
        var joining = (await _feedback.AddAsync(ClusteringState.Report(Problem), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(Db, [joining], TimeSpan.FromSeconds(60));

        Assert.Equal(clusterId, (await _feedback.GetAsync(joining))!.ClusterId);
    }

    /// <summary>Waits until <paramref name="ids"/> have their vectors and the writer has taken every embedded entry.</summary>
    private Task EmbeddedAndHandedOnAsync(IReadOnlyList<string> ids) =>
        Eventually.TrueAsync(async () => await _vectors.GetModelAsync() is { } model &&
            (await _vectors.GetItemVectorsAsync(ids, model.Dimension)).All(v => v is not null) &&
            await Db.StreamLengthAsync(RedisKeys.EmbeddedStream) == 0, TimeSpan.FromSeconds(60), "the reports to be embedded and handed to the writer");
}
