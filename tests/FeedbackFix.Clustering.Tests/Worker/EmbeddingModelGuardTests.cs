using System.Net;
using System.Text.Json;
using FeedbackFix.Clustering.Embedding;
using FeedbackFix.Clustering.Tests.Embedding;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class EmbeddingModelGuardTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string HashingModel = $"{HashingEmbeddingGenerator.ProviderName}/{HashingEmbeddingGenerator.ModelId}";

    [Fact]
    public async Task Vectors_of_another_model_are_embedded_again_before_clustering()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var old = (await feedback.AddManyAsync([ClusteringState.Report("the app crashes when I open the camera")], null))[0].Id;
        await vectors.SaveItemVectorsAsync([(old, new[] { 1f, 0f, 0f })]);
        await vectors.SetModelAsync(new EmbeddingModel("retired/model", 3));

        await using var worker = new WorkerHost(redis.ConnectionString, "worker").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, [old], TimeSpan.FromSeconds(60));

        var model = await vectors.GetModelAsync();
        Assert.StartsWith("hashing/", model!.Name, StringComparison.Ordinal);
        Assert.Equal(model.Dimension, (await vectors.GetItemVectorsAsync([old], model.Dimension))[0]!.Length);
        Assert.NotEqual(3, model.Dimension);
        Assert.NotNull(VectorCodec.Decode(await db.StringGetAsync($"cluster:vector:{(await feedback.GetAsync(old))!.ClusterId}"), model.Dimension));
    }

    [Fact]
    public async Task A_model_switch_taken_back_before_its_reembed_finished_embeds_everything_again_with_the_recorded_model()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var items = (await feedback.AddManyAsync([ClusteringState.Report("the app crashes when I open the camera")], null)).Select(r => r.Id).ToList();
        // The recorded model is the configured one, but a re-embed to another model stored its first pages
        // before the configuration went back: those vectors are the other model's.
        var configured = new EmbeddingModel(HashingModel, FeedbackFix.Clustering.Embedding.EmbeddingOptions.DefaultHashingDimensions);
        await vectors.SetModelAsync(configured);
        await vectors.SaveItemVectorsAsync([.. items.Select(id => (id, new[] { 1f, 0f, 0f }))]);
        await db.HashSetAsync(RedisKeys.EmbeddingModel, [new("reembed_name", "other/model"), new("reembed_dimension", 3)]);

        await using var worker = new WorkerHost(redis.ConnectionString, "worker").Start();
        await ClusteringState.WaitUntilClusteredAsync(db, items, Within);

        Assert.Equal(configured, await vectors.GetModelAsync());
        Assert.All(await vectors.GetItemVectorsAsync(items, configured.Dimension), vector => Assert.Equal(configured.Dimension, vector!.Length));
        Assert.False(await db.HashExistsAsync(RedisKeys.EmbeddingModel, "reembed_name"));
    }

    [Fact]
    public async Task A_reembed_whose_endpoint_fails_is_tried_again_after_a_wait_and_goes_on_after_the_last_page_stored()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        // Three pages of reports (200, 200, 50) with vectors of a retired model.
        var items = await StoreWithRetiredVectorsAsync(redis.Connection.GetDatabase(), feedback, vectors, 450);
        // The second call (the second page) fails, as an endpoint does once its client's retries are spent.
        var generator = new FailingEmbeddingGenerator(new HashingEmbeddingGenerator(256), 2);
        var clock = new FakeTimeProvider();
        await using var services = new ServiceCollection()
            .AddSingleton<IConnectionMultiplexer>(redis.Connection)
            .AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(generator)
            .AddSingleton(new EmbeddingModelInfo(HashingModel, 256))
            .AddSingleton(feedback)
            .AddSingleton(vectors)
            .AddSingleton(new ClusterMembershipStore(redis.Connection, TimeProvider.System))
            .AddSingleton<TimeProvider>(clock)
            .AddLogging()
            .BuildServiceProvider();
        // Built as the service builds it.
        var guard = ActivatorUtilities.CreateInstance<EmbeddingModelGuard>(services);

        var ensuring = guard.EnsureAsync(CancellationToken.None);
        // The wait before the next try passes on the fake clock only.
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return ensuring.IsCompleted;
        }, Within, "the re-embedding to end");
        await ensuring;

        Assert.Equal(1, generator.Failures);
        Assert.Equal(new EmbeddingModel(HashingModel, 256), await vectors.GetModelAsync());
        Assert.All(await vectors.GetItemVectorsAsync(items, 256), Assert.NotNull);
        // The first page, stored before the failure, was not embedded again.
        Assert.Equal(items.Count, generator.Embedded.Count);
        Assert.Equal(items.Count, generator.Embedded.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_service_whose_embedding_endpoint_fails_while_reembedding_keeps_running_and_finishes_the_reembedding()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var items = await StoreWithRetiredVectorsAsync(db, feedback, vectors, 30);
        var generator = new FailingEmbeddingGenerator(new HashingEmbeddingGenerator(), 1, 2);
        await using var host = new WorkerHost(redis.ConnectionString, "failing-endpoint")
        {
            Replacing = services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(generator),
        }.Start();
        var wanted = new EmbeddingModel(HashingModel, EmbeddingOptions.DefaultHashingDimensions);

        await Eventually.TrueAsync(async () =>
        {
            Assert.False(host.StoppedByItself, "the service stopped when the embedding endpoint failed");
            return await vectors.GetModelAsync() == wanted;
        }, Within, "the re-embedding to end");
        var report = (await feedback.AddAsync(ClusteringState.Report("the app crashes when I open the camera"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [report], Within);

        Assert.Equal(2, generator.Failures);
        Assert.All(await vectors.GetItemVectorsAsync(items, wanted.Dimension), Assert.NotNull);
        Assert.False(host.StoppedByItself);
    }

    [Fact]
    public async Task Switching_the_model_rewrites_every_centroid_from_the_new_vectors_and_similar_clusters_are_found_again()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var reports = (await feedback.AddManyAsync([
            ClusteringState.Report("CSV export downloads an empty file"),
            ClusteringState.Report("CSV export downloads an empty file again"),
            ClusteringState.Report("Dark mode text is unreadable on the settings page"),
            ClusteringState.Report("Login with Google loops back to the sign-in page"),
            ClusteringState.Report("Push notifications arrive twice on Android"),
        ], null)).Select(r => r.Id).ToList();
        // Clustered with hashed vectors of 256 components: another model, to the guard, than 1024 of them.
        await using (var before = new WorkerHost(redis.ConnectionString, "before", ("Clustering:Embedding:Dimensions", "256")).Start())
        {
            await ClusteringState.WaitUntilClusteredAsync(db, reports, Within);
        }
        var clusters = await ClusteringState.MembersAsync(db);
        Assert.True(clusters.Count >= 2, "the reports formed one cluster: nothing to be similar to");
        foreach (var id in clusters.Keys)
        {
            Assert.NotNull(await vectors.GetCentroidAsync(id, 256));
        }

        await using var after = new WorkerHost(redis.ConnectionString, "after").Start();
        // Placed once the store is embedded again and the writer has taken over.
        var joining = (await feedback.AddAsync(ClusteringState.Report("Push notifications arrive twice on iOS"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [joining], Within);

        var dimension = EmbeddingOptions.DefaultHashingDimensions;
        Assert.Equal(new EmbeddingModel(HashingModel, dimension), await vectors.GetModelAsync());
        using var client = after.CreateClient();
        foreach (var (clusterId, members) in await ClusteringState.MembersAsync(db))
        {
            var centroid = await vectors.GetCentroidAsync(clusterId, dimension);
            Assert.True(centroid is not null, $"cluster {clusterId} has no centroid of {dimension} components");
            var mean = SumOf(await vectors.GetItemVectorsAsync(members, dimension), dimension);
            Assert.True(Cosine.Of(centroid!, mean) > 0.99f,
                $"the centroid of cluster {clusterId} is not the mean of its members' new vectors");

            var response = await client.GetAsync($"/clusters/{clusterId}/similar");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var similar = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.NotEqual(0, similar.RootElement.GetArrayLength());
        }
    }

    private static async Task<List<string>> StoreWithRetiredVectorsAsync(IDatabase db, FeedbackStore feedback, VectorStore vectors, int count)
    {
        var items = (await feedback.AddManyAsync([.. Enumerable.Range(0, count).Select(i => ClusteringState.Report($"report {i} on theme {i % 7}"))], null))
            .Select(r => r.Id).ToList();
        await vectors.SaveItemVectorsAsync([.. items.Select(id => (id, new[] { 1f, 0f, 0f }))]);
        await vectors.SetModelAsync(new EmbeddingModel("retired/model", 3));
        // Stored long ago: their queue entries are gone, so only the guard embeds them.
        await db.KeyDeleteAsync(RedisKeys.FeedbackStream);
        return items;
    }

    private static float[] SumOf(IReadOnlyList<float[]?> vectors, int dimension)
    {
        var sum = new float[dimension];
        foreach (var vector in vectors)
        {
            Assert.NotNull(vector);
            for (var i = 0; i < dimension; i++)
            {
                sum[i] += vector[i];
            }
        }
        return sum;
    }
}
