using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Similarity;
using FeedbackFix.Clustering.Tests.Worker;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Similarity;

/// <summary>The search over the committed centroids, on a Redis of its own per test and no worker.</summary>
public sealed class SimilarClustersTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test/axes", 4);

    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-05T12:00:00Z"));
    private FeedbackStore _feedback = null!;
    private ClusterStore _clusters = null!;
    private SimilarClusters _similar = null!;

    private IDatabase Db => _redis.Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _feedback = new FeedbackStore(_redis.Connection, _time);
        _clusters = new ClusterStore(_redis.Connection, _feedback, _time);
        _similar = new SimilarClusters(new VectorStore(_redis.Connection), _clusters, new ClusterMembershipStore(_redis.Connection, _time), Model, _time);
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Other_clusters_come_nearest_first_leaving_out_the_cluster_itself_and_those_without_a_centroid()
    {
        var asked = await ClusterAsync("CSV export is empty", [1, 0, 0, 0]);
        var near = await ClusterAsync("Export drops the last row", [0.9f, 0.1f, 0, 0]);
        var far = await ClusterAsync("Login loops", [0, 0, 1, 0]);
        var between = await ClusterAsync("Export is slow", [0.5f, 0, 0.5f, 0]);
        await ClusterAsync("Not placed yet", null);

        var found = await _similar.FindAsync(asked, 10);

        Assert.Equal([near, between, far], found!.Select(c => c.Id));
        Assert.Equal([0.994, 0.707, 0.0], found!.Select(c => c.Similarity));
        Assert.Equal("Export drops the last row", found![0].Title);
        Assert.Equal(1, found[0].Size);
    }

    [Fact]
    public async Task The_limit_keeps_the_nearest_and_of_two_equals_at_the_cut_the_first_by_id()
    {
        var asked = await ClusterAsync("Asked", [1, 0, 0, 0]);
        var nearest = new List<string>();
        var third = new List<string>();
        for (var i = 1; i <= 8; i++)
        {
            // Each farther than the one before, and the third twice over.
            var id = await ClusterAsync($"Neighbour {i}", [1, 0.1f * i, 0, 0]);
            nearest.Add(id);
            if (i == 3)
            {
                third = [id, await ClusterAsync("Neighbour 3, again", [1, 0.3f, 0, 0])];
            }
        }

        var found = await _similar.FindAsync(asked, 3);

        // Ids made in the same millisecond need not sort in the order they were made: the first by id is the smaller.
        var firstOfTheEquals = third.Min(StringComparer.Ordinal)!;
        Assert.Equal([nearest[0], nearest[1], firstOfTheEquals], found!.Select(c => c.Id));
    }

    [Fact]
    public async Task A_merged_away_id_answers_for_the_cluster_that_absorbed_it()
    {
        var survivor = await ClusterAsync("Survivor", [1, 0, 0, 0]);
        var near = await ClusterAsync("Near", [1, 1, 0, 0]);
        await Db.StringSetAsync(RedisKeys.ClusterMerged("gone"), survivor);

        var found = await _similar.FindAsync("gone", 5);

        Assert.Equal([near], found!.Select(c => c.Id));
    }

    [Fact]
    public async Task A_cluster_without_a_centroid_has_none_and_an_unknown_one_is_null()
    {
        var unplaced = await ClusterAsync("Not placed yet", null);
        await ClusterAsync("Placed", [1, 0, 0, 0]);

        Assert.Empty((await _similar.FindAsync(unplaced, 5))!);
        Assert.Null(await _similar.FindAsync("no-such-cluster", 5));
    }

    [Fact]
    public async Task A_cluster_removed_since_the_snapshot_is_left_out_and_the_next_takes_its_place()
    {
        var asked = await ClusterAsync("Asked", [1, 0, 0, 0]);
        var removed = await ClusterAsync("Removed", [1, 0.1f, 0, 0]);
        var next = await ClusterAsync("Next", [1, 0.5f, 0, 0]);
        Assert.Equal(removed, (await _similar.FindAsync(asked, 1))![0].Id);

        await Db.KeyDeleteAsync(RedisKeys.Cluster(removed));

        Assert.Equal([next], (await _similar.FindAsync(asked, 1))!.Select(c => c.Id));
    }

    [Fact]
    public async Task The_centroids_are_read_again_once_the_version_moved_on_and_the_snapshot_is_older_than_it_stays_fresh()
    {
        var asked = await ClusterAsync("Asked", [1, 0, 0, 0]);
        var first = await ClusterAsync("Placed after the first read", null);
        var second = await ClusterAsync("Placed after the second read", null);
        await _similar.FindAsync(asked, 5);

        await PlaceAsync(first, [1, 0.2f, 0, 0]);
        await Db.StringIncrementAsync(RedisKeys.ClusteringVersion);
        var movedButFresh = await FindAfterAsync(TimeSpan.Zero);
        var movedAndStale = await FindAfterAsync(SimilarClusters.FreshFor);
        await PlaceAsync(second, [1, 0.1f, 0, 0]);
        var staleButUnmoved = await FindAfterAsync(SimilarClusters.FreshFor * 3);

        Assert.Empty(movedButFresh);
        Assert.Equal([first], movedAndStale);
        Assert.Equal([first], staleButUnmoved);

        async Task<IEnumerable<string>> FindAfterAsync(TimeSpan wait)
        {
            _time.Advance(wait);
            return (await _similar.FindAsync(asked, 5))!.Select(c => c.Id);
        }
    }

    /// <summary>A cluster of one report, with its centroid or none yet.</summary>
    private async Task<string> ClusterAsync(string title, float[]? centroid)
    {
        var report = await _feedback.AddAsync(ClusteringState.Report(title), null);
        var cluster = await _clusters.CreateAsync(new NewCluster(title, "s", [report.Id]));
        if (centroid is not null)
        {
            await PlaceAsync(cluster.Id, centroid);
        }
        return cluster.Id;
    }

    /// <summary>The cluster's centroid, stored as the writer stores it (without moving the version, as a test's own step).</summary>
    private Task PlaceAsync(string clusterId, float[] centroid) =>
        Db.StringSetAsync(RedisKeys.ClusterVector(clusterId), VectorCodec.Encode(centroid));
}
