using FeedbackFix.Clustering.Tests.Labeling;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>The worker with a chat model at an OpenAI-compatible endpoint: the model labels clusters and never holds up clustering.</summary>
public sealed class ChatModelWorkerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private const string ApiKey = "fake-model-key";

    [Fact]
    public async Task Reports_are_clustered_and_labelled_by_key_terms_while_the_model_has_not_answered_and_take_its_label_when_it_does()
    {
        await using var model = await FakeChatModelServer.StartAsync(ApiKey);
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "with-model",
            ("Clustering:Labeling:Llm:Enabled", "true"),
            ("Clustering:Labeling:Llm:Endpoint", model.Endpoint),
            ("Clustering:Labeling:Llm:Model", "fake-model"),
            ("Clustering:Labeling:Llm:ApiKey", ApiKey),
            ("Clustering:Labeling:Llm:Timeout", "00:05:00")).Start();

        var first = (await feedback.AddAsync(ClusteringState.Report("the app crashes when I open the camera"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [first], Within);
        await model.Asked.WaitAsync(Within);
        // The model is still thinking: a second report is clustered all the same, and the cluster has its key terms.
        var second = (await feedback.AddAsync(ClusteringState.Report("the app crashes when I open the camera again"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [second], Within);
        var clusterId = (await feedback.GetAsync(first))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await clusters.GetAsync(clusterId))!.Summary.StartsWith("Key terms: ", StringComparison.Ordinal),
            Within, "the key terms to be saved");

        model.Release("Title: Camera crash\nSummary: Opening the camera closes the app.");

        await Eventually.TrueAsync(async () => (await clusters.GetAsync(clusterId))!.Title == "Camera crash", Within, "the model's label to be saved");
        var cluster = (await clusters.GetAsync(clusterId))!;
        Assert.StartsWith("Opening the camera closes the app. ", cluster.Summary);
        Assert.Contains("Distinctive terms: ", model.Prompts[0]);
    }
}
