using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Grouping;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>Each test has a redis-server of its own: the thresholds are one record for the whole system.</summary>
public sealed class ClusteringConfigApiTests
{
    private const string Path = "/config/clustering";

    private static readonly object Thresholds = new
    {
        assign_threshold = 0.7,
        merge_threshold = 0.9,
        fold_threshold = 0.3,
        fragment_margin = 0.1,
        assign_percentile = 10.0,
        min_cluster_size = 3,
        fragment_size = 12,
        gather_threshold = 0.45,
        merge_cohesion_factor = 1.5,
    };

    [Fact]
    public async Task Before_any_change_the_configured_thresholds_are_shown_read_only_without_the_admin_key()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-get", ("Clustering:Grouping:AssignThreshold", "0.62")).Start();

        var body = await ReadAsync(await host.CreateClient().GetAsync(Path), HttpStatusCode.OK);

        Assert.Equal(0.62, body.GetProperty("assign_threshold").GetDouble());
        Assert.Equal(0.85, body.GetProperty("merge_threshold").GetDouble());
        Assert.Equal(0.40, body.GetProperty("gather_threshold").GetDouble());
        Assert.Equal(1.25, body.GetProperty("merge_cohesion_factor").GetDouble());
        Assert.Equal("configuration", body.GetProperty("source").GetString());
        Assert.False(body.GetProperty("editable").GetBoolean());
    }

    [Fact]
    public async Task The_hashing_workers_join_bar_is_hashed_vectors_own_when_none_is_configured()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-hashing-bar").Start();

        var body = await ReadAsync(await host.CreateClient().GetAsync(Path), HttpStatusCode.OK);

        Assert.Equal(GroupingOptions.DefaultAssignThreshold(EmbeddingProvider.Hashing), body.GetProperty("assign_threshold").GetDouble());
        Assert.NotEqual(new GroupingOptions().AssignThreshold, body.GetProperty("assign_threshold").GetDouble());
    }

    [Fact]
    public async Task With_the_admin_key_the_thresholds_are_shown_editable()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-editable").Start();

        var body = await ReadAsync(await AdminClient(host).GetAsync(Path), HttpStatusCode.OK);

        Assert.True(body.GetProperty("editable").GetBoolean());
    }

    [Fact]
    public async Task A_put_without_the_admin_key_is_401_and_changes_nothing()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-401").Start();

        var response = await host.CreateClient().PutAsJsonAsync(Path, Thresholds);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await host.Services.GetRequiredService<ClusteringSettingsStore>().GetAsync());
    }

    [Fact]
    public async Task A_threshold_out_of_range_is_400_naming_it()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-range").Start();

        var response = await AdminClient(host).PutAsJsonAsync(Path, new
        {
            assign_threshold = 1.5, merge_threshold = 0.9, fold_threshold = 0.3, fragment_margin = 0.1,
            assign_percentile = 10.0, min_cluster_size = 0, fragment_size = 12, gather_threshold = -0.1, merge_cohesion_factor = 10.5,
        });

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("assign_threshold", out _));
        Assert.True(errors.TryGetProperty("min_cluster_size", out _));
        Assert.Equal("gather_threshold must be a number from 0 to 1; it is -0.1.", errors.GetProperty("gather_threshold")[0].GetString());
        Assert.Equal("merge_cohesion_factor must be a number from 0 to 10; it is 10.5.", errors.GetProperty("merge_cohesion_factor")[0].GetString());
        Assert.Null(await host.Services.GetRequiredService<ClusteringSettingsStore>().GetAsync());
    }

    [Fact]
    public async Task A_put_that_leaves_a_threshold_out_is_400_naming_it()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-missing").Start();

        var response = await AdminClient(host).PutAsJsonAsync(Path, new { assign_threshold = 0.7 });

        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("fragment_size", out _));
    }

    [Fact]
    public async Task A_put_of_the_thresholds_without_gather_threshold_and_merge_cohesion_factor_is_400_naming_both()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-missing-new").Start();

        var response = await AdminClient(host).PutAsJsonAsync(Path, new
        {
            assign_threshold = 0.7, merge_threshold = 0.9, fold_threshold = 0.3, fragment_margin = 0.1,
            assign_percentile = 10.0, min_cluster_size = 3, fragment_size = 12,
        });

        var errors = (await ReadAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["gather_threshold", "merge_cohesion_factor"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Null(await host.Services.GetRequiredService<ClusteringSettingsStore>().GetAsync());
    }

    [Fact]
    public async Task Stored_thresholds_are_read_back_and_survive_a_restart()
    {
        await using var redis = await StartRedisAsync();
        await using (var first = new WorkerHost(redis.ConnectionString, "config-first").Start())
        {
            await ReadAsync(await AdminClient(first).PutAsJsonAsync(Path, Thresholds), HttpStatusCode.OK);
        }
        await using var second = new WorkerHost(redis.ConnectionString, "config-second").Start();

        var body = await ReadAsync(await second.CreateClient().GetAsync(Path), HttpStatusCode.OK);

        Assert.Equal(0.7, body.GetProperty("assign_threshold").GetDouble());
        Assert.Equal(12, body.GetProperty("fragment_size").GetInt32());
        Assert.Equal(0.45, body.GetProperty("gather_threshold").GetDouble());
        Assert.Equal(1.5, body.GetProperty("merge_cohesion_factor").GetDouble());
        Assert.Equal("stored", body.GetProperty("source").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_set_stored_before_gather_threshold_and_merge_cohesion_factor_existed_reads_with_their_configured_values()
    {
        await using var redis = await StartRedisAsync();
        await redis.Connection.GetDatabase().HashSetAsync(RedisKeys.ClusteringSettings,
        [
            new("version", 3), new("updated_at", new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero).ToRedis()),
            new("assign_threshold", "0.7"), new("merge_threshold", "0.9"), new("fold_threshold", "0.3"), new("fragment_margin", "0.1"),
            new("assign_percentile", "10"), new("min_cluster_size", "3"), new("fragment_size", "12"),
        ]);
        await using var host = new WorkerHost(redis.ConnectionString, "config-older",
            ("Clustering:Grouping:GatherThreshold", "0.5"), ("Clustering:Grouping:MergeCohesionFactor", "2")).Start();

        var body = await ReadAsync(await host.CreateClient().GetAsync(Path), HttpStatusCode.OK);

        Assert.Equal(0.7, body.GetProperty("assign_threshold").GetDouble());
        Assert.Equal(0.5, body.GetProperty("gather_threshold").GetDouble());
        Assert.Equal(2, body.GetProperty("merge_cohesion_factor").GetDouble());
        Assert.Equal("stored", body.GetProperty("source").GetString());
        Assert.Equal(3, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_running_worker_applies_changed_thresholds_from_its_next_batch_without_a_restart()
    {
        await using var redis = await StartRedisAsync();
        await using var host = new WorkerHost(redis.ConnectionString, "config-apply").Start();
        var cache = host.Services.GetRequiredService<ClusterSpaceCache>();
        var feedback = host.Services.GetRequiredService<FeedbackStore>();

        await ReadAsync(await AdminClient(host).PutAsJsonAsync(Path, Thresholds), HttpStatusCode.OK);
        var item = (await feedback.AddAsync(ClusteringState.Report("Export to CSV drops the last row"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(redis.Connection.GetDatabase(), [item], TimeSpan.FromSeconds(30));

        Assert.Equal(0.7, cache.Grouping.AssignThreshold);
        Assert.Equal(3, cache.Grouping.MinClusterSize);
        Assert.Equal(0.45, cache.Grouping.GatherThreshold);
        Assert.Equal(1.5, cache.Grouping.MergeCohesionFactor);
    }

    private static async Task<RedisServer> StartRedisAsync()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        return server;
    }

    private static HttpClient AdminClient(WorkerHost host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", WorkerHost.AdminKey);
        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
