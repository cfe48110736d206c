using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;

namespace FeedbackFix.Domain.Tests;

public sealed class ClusteringSettingsStoreTests
{
    [Fact]
    public async Task Nothing_is_stored_until_the_first_change()
    {
        await using var redis = await DedicatedRedis.StartAsync();

        Assert.Null(await new ClusteringSettingsStore(redis.Server.Connection, new ManualClock()).GetAsync());
    }

    [Fact]
    public async Task Stored_thresholds_read_back_exactly_with_their_version_and_time()
    {
        await using var redis = await DedicatedRedis.StartAsync();
        var clock = new ManualClock();
        var store = new ClusteringSettingsStore(redis.Server.Connection, clock);

        await store.ReplaceAsync(new ClusteringSettings(0.61, 0.8, 0.3, 0.1, 5, 3, 12, 0.5, 2), expectedVersion: null);
        await store.ReplaceAsync(new ClusteringSettings(0.55, 0.9, 0.35, 0.15, 0, 4, 10, 0.4, 0), expectedVersion: 1);
        var read = await store.GetAsync();

        Assert.Equal(new ClusteringSettings(0.55, 0.9, 0.35, 0.15, 0, 4, 10, 0.4, 0), read! with { Source = null, Version = null, UpdatedAt = null });
        Assert.Equal(2, read.Version);
        Assert.Equal(ClusteringSettingsStore.StoredSource, read.Source);
        Assert.Equal(clock.GetUtcNow(), read.UpdatedAt);
    }

    [Fact]
    public async Task A_change_naming_an_old_version_is_refused()
    {
        await using var redis = await DedicatedRedis.StartAsync();
        var store = new ClusteringSettingsStore(redis.Server.Connection, new ManualClock());
        await store.ReplaceAsync(new ClusteringSettings(0.6, 0.85, 0.35, 0.15, 5, 4, 10), null);
        await store.ReplaceAsync(new ClusteringSettings(0.7, 0.85, 0.35, 0.15, 5, 4, 10), 1);

        var late = await store.ReplaceAsync(new ClusteringSettings(0.5, 0.85, 0.35, 0.15, 5, 4, 10), 1);

        Assert.Null(late);
        Assert.Equal(0.7, (await store.GetAsync())!.AssignThreshold);
    }

    [Fact]
    public async Task A_set_stored_before_gather_threshold_and_merge_cohesion_factor_existed_reads_without_them()
    {
        await using var redis = await DedicatedRedis.StartAsync();
        await redis.Server.Connection.GetDatabase().HashSetAsync(RedisKeys.ClusteringSettings,
        [
            new("version", 2), new("updated_at", new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero).ToRedis()),
            new("assign_threshold", "0.7"), new("merge_threshold", "0.9"), new("fold_threshold", "0.3"), new("fragment_margin", "0.1"),
            new("assign_percentile", "10"), new("min_cluster_size", "3"), new("fragment_size", "12"),
        ]);

        var read = await new ClusteringSettingsStore(redis.Server.Connection, new ManualClock()).GetAsync();

        Assert.Equal(new ClusteringSettings(0.7, 0.9, 0.3, 0.1, 10, 3, 12), read! with { Source = null, Version = null, UpdatedAt = null });
        Assert.Null(read.GatherThreshold);
        Assert.Null(read.MergeCohesionFactor);
        Assert.Equal(2, read.Version);
    }
}
