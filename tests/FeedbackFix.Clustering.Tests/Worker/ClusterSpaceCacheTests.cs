using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>
/// The membership writer's copy of the clusters, reloaded after someone else changed membership: it
/// takes membership from Redis and keeps the vectors it already holds, reading only the others'.
/// </summary>
public sealed class ClusterSpaceCacheTests : IAsyncLifetime
{
    private const int Dimension = 8;
    private readonly RedisServer _redis = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    private FeedbackStore _feedback = null!;
    private VectorStore _vectors = null!;
    private ClusterCurationStore _curation = null!;
    private ClusterSpaceCache _cache = null!;
    private ClusteringSettingsStore _settings = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _feedback = new FeedbackStore(_redis.Connection, _clock);
        _vectors = new VectorStore(_redis.Connection);
        _curation = new ClusterCurationStore(_redis.Connection, _clock);
        _settings = new ClusteringSettingsStore(_redis.Connection, _clock);
        _cache = new ClusterSpaceCache(new ClusterMembershipStore(_redis.Connection, _clock), _vectors, new EmbeddingModelInfo("hashing", Dimension),
            _settings, Options.Create(new GroupingOptions()), _clock, NullLogger<ClusterSpaceCache>.Instance);
    }

    [Fact]
    public async Task A_reload_after_a_persons_move_keeps_the_vectors_it_holds_and_reads_the_new_items()
    {
        var first = await StoreAsync(Axis(0), Axis(0));
        var split = await _curation.SplitAsync(first, "First", new Actor("tester"));
        await _cache.EnsureCurrentAsync();
        var held = _cache.Space.Members.ToDictionary(m => m.ItemId, m => m.Vector);
        // Were the held vectors read again, these items would now leave the space (no stored vector).
        await _redis.Connection.GetDatabase().KeyDeleteAsync([.. first.Select(id => (StackExchange.Redis.RedisKey)$"feedback:vector:{id}")]);
        var added = await StoreAsync(Axis(1));

        await _curation.SplitAsync([first[0], .. added], "Second", new Actor("tester"));
        await _cache.EnsureCurrentAsync();

        Assert.Equal(2, _cache.Loads);
        Assert.Equal(3, _cache.Space.ItemCount);
        Assert.Equal(_cache.Space.ClusterOf(added[0]), _cache.Space.ClusterOf(first[0]));
        Assert.Equal(split.ClusterId, _cache.Space.ClusterOf(first[1]));
        Assert.Same(held[first[0]], _cache.Space.Members.Single(m => m.ItemId == first[0]).Vector);
    }

    [Fact]
    public async Task New_thresholds_whose_reload_failed_are_applied_by_the_next_reload()
    {
        var first = await StoreAsync(Axis(0));
        await _curation.SplitAsync(first, "First", new Actor("tester"));
        await _cache.EnsureCurrentAsync();
        // A join bar far above the default 0.6: a report at cosine 0.8 to the only cluster opens its own.
        await _settings.ReplaceAsync(GroupingSettings.Of(new GroupingOptions { AssignThreshold = 0.95 }), expectedVersion: null);
        // The reload's membership read fails part-way, as one Redis could not answer would: the
        // cluster list names a cluster whose members key is no set.
        var db = _redis.Connection.GetDatabase();
        await db.SetAddAsync("clusters:all", "unreadable");
        await db.StringSetAsync("cluster:items:unreadable", "not a set");
        await Assert.ThrowsAnyAsync<StackExchange.Redis.RedisException>(_cache.EnsureCurrentAsync);
        await db.SetRemoveAsync("clusters:all", "unreadable");

        await _cache.EnsureCurrentAsync();

        Assert.Equal(2, _cache.Loads);
        Assert.Equal(0.95, _cache.Grouping.AssignThreshold);
        Assert.True(_cache.Space.Assign("probe", [0.8f, 0.6f, 0, 0, 0, 0, 0, 0]).Opened);
    }

    private async Task<string[]> StoreAsync(params float[][] vectors)
    {
        var ids = new List<string>();
        foreach (var vector in vectors)
        {
            var id = (await _feedback.AddAsync(new NewFeedback(FeedbackSource.Manual, null, $"report {Guid.NewGuid():N}", "", null, null, _clock.GetUtcNow()), null)).Id;
            await _vectors.SaveItemVectorsAsync([(id, vector)]);
            ids.Add(id);
        }
        return [.. ids];
    }

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimension];
        vector[axis] = 1f;
        return vector;
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();
}
