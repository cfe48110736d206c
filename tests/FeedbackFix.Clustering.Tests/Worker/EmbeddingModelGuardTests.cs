using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class EmbeddingModelGuardTests
{
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
}
