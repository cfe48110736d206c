using FeedbackFix.Clustering.Embedding;
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

    [Fact]
    public async Task A_cluster_a_person_split_out_or_unmerged_gets_the_centroid_of_its_reports_so_similar_clusters_find_it()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var vectors = new VectorStore(redis.Connection);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        var person = new Actor("triage");
        await using var worker = new WorkerHost(redis.ConnectionString, "centroids", ("Clustering:RefineEveryItems", "100000")).Start();
        var invoices = await AddAsync(feedback, "the invoice pdf will not download", 3);
        var darkMode = await AddAsync(feedback, "dark mode hides the text on the settings page", 2);
        await ClusteringState.WaitUntilClusteredAsync(db, [.. invoices, .. darkMode], Within);
        var dimension = (await vectors.GetModelAsync())!.Dimension;
        var darkModeCluster = (await feedback.GetAsync(darkMode[0]))!.ClusterId!;

        var split = (await curation.SplitAsync(invoices[..2], "Invoice downloads", person)).ClusterId!;
        Assert.Equal(CurationOutcome.Done, (await curation.MergeAsync(darkModeCluster, split, person)).Outcome);
        Assert.Equal(CurationOutcome.Done, (await curation.UnmergeAsync(darkModeCluster, person)).Outcome);

        // The split cluster has a centroid all along (that of the merge, until the writer takes the unmerge),
        // so what is waited for is the centroid of its own reports, not any centroid.
        foreach (var (clusterId, member) in new[] { (split, invoices[0]), (darkModeCluster, darkMode[0]) })
        {
            var vector = (await vectors.GetItemVectorsAsync([member], dimension))[0]!;
            await Eventually.TrueAsync(async () => await vectors.GetCentroidAsync(clusterId, dimension) is { } centroid && VectorMath.Dot(centroid, vector) > 0.99,
                Within, $"cluster {clusterId}'s centroid to be that of its reports");
        }
    }

    private static async Task<string[]> AddAsync(FeedbackStore feedback, string text, int count) =>
        [.. (await feedback.AddManyAsync([.. Enumerable.Range(0, count).Select(_ => ClusteringState.Report(text))], null)).Select(r => r.Id)];
}
