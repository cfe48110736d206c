using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class CurationLabelTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_report_is_deleted_the_worker_rewrites_its_clusters_summary_with_the_new_count()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var clusters = new ClusterStore(redis.Connection, feedback, TimeProvider.System);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "labels", ("Clustering:RefineEveryItems", "100000")).Start();
        var ids = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report("the invoice pdf will not download"), 3)], null))
            .Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, ids, Within);
        var clusterId = (await feedback.GetAsync(ids[0]))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await clusters.GetAsync(clusterId))!.Summary.Contains("3 reports", StringComparison.Ordinal), Within,
            "the summary to count 3 reports");

        await curation.DeleteFeedbackAsync(ids[0], new Actor("privacy-desk"));

        await Eventually.TrueAsync(async () => (await clusters.GetAsync(clusterId))!.Summary.Contains("2 reports", StringComparison.Ordinal), Within,
            "the summary to count 2 reports after the delete");
    }
}
