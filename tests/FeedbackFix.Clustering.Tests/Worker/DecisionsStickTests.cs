using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class DecisionsStickTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly Actor Person = new("ada", "dashboard");

    [Fact]
    public async Task A_report_a_person_split_out_is_not_folded_back_while_an_undecided_twin_is()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        // As the fold test: the strays' quiet period (3 s) starts the refinement that folds strays into the blob.
        await using var worker = new WorkerHost(redis.ConnectionString, "decisions",
            ("Clustering:RefineEveryItems", "100000"), ("Clustering:RefineInterval", "00:00:01"),
            ("Clustering:Grouping:AssignThreshold", "0.95"), ("Clustering:Grouping:FoldThreshold", "0.3"),
            ("Clustering:Grouping:FoldAfter", "100000"), ("Clustering:Grouping:FoldAfterQuiet", "00:00:03")).Start();
        const string problem = "the app crashes when I open the camera";
        var blob = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(problem), 6)], null)).Select(r => r.Id).ToList();
        var kept = (await feedback.AddAsync(ClusteringState.Report(problem + " roll on my tablet"), null)).Id;
        var twin = (await feedback.AddAsync(ClusteringState.Report(problem + " roll on my phone"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [.. blob, kept, twin], Within);

        var split = await curation.SplitAsync([kept], "Tablet camera crash", Person);

        var blobCluster = (await feedback.GetAsync(blob[0]))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await feedback.GetAsync(twin))!.ClusterId == blobCluster, Within,
            "the undecided twin to be folded into the blob's cluster");
        Assert.Equal(split.ClusterId, (await feedback.GetAsync(kept))!.ClusterId);
        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, [.. blob, kept, twin]);
    }

    [Fact]
    public async Task A_fold_a_person_undid_is_not_made_again_while_an_undecided_stray_is_folded()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "unmerged",
            ("Clustering:RefineEveryItems", "100000"), ("Clustering:RefineInterval", "00:00:01"),
            ("Clustering:Grouping:AssignThreshold", "0.95"), ("Clustering:Grouping:FoldThreshold", "0.3"),
            ("Clustering:Grouping:FoldAfter", "100000"), ("Clustering:Grouping:FoldAfterQuiet", "00:00:03")).Start();
        const string problem = "the app crashes when I open the camera";
        var blob = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(problem), 6)], null)).Select(r => r.Id).ToList();
        var stray = (await feedback.AddAsync(ClusteringState.Report(problem + " roll on my tablet"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [.. blob, stray], Within);
        var strayCluster = (await feedback.GetAsync(stray))!.ClusterId!;
        var blobCluster = (await feedback.GetAsync(blob[0]))!.ClusterId!;
        await Eventually.TrueAsync(async () => (await feedback.GetAsync(stray))!.ClusterId == blobCluster, Within, "the worker to fold the stray");

        Assert.Equal(CurationOutcome.Done, (await curation.UnmergeAsync(strayCluster, Person)).Outcome);
        // Another theme nobody curated: its stray being folded shows a refinement ran after the unmerge.
        const string other = "the invoice pdf will not download";
        var otherBlob = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(other), 6)], null)).Select(r => r.Id).ToList();
        var otherStray = (await feedback.AddAsync(ClusteringState.Report(other + " from my tablet"), null)).Id;
        await ClusteringState.WaitUntilClusteredAsync(db, [.. otherBlob, otherStray], Within);
        var otherCluster = (await feedback.GetAsync(otherBlob[0]))!.ClusterId!;

        await Eventually.TrueAsync(async () => (await feedback.GetAsync(otherStray))!.ClusterId == otherCluster, Within,
            "the other theme's stray to be folded into its blob's cluster");
        Assert.Equal(strayCluster, (await feedback.GetAsync(stray))!.ClusterId);
        await ClusteringState.AssertEachInExactlyOneClusterAsync(db, feedback, [.. blob, stray, .. otherBlob, otherStray]);
    }

    [Fact]
    public async Task After_a_person_merges_two_clusters_new_reports_on_either_theme_go_to_the_target()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var db = redis.Connection.GetDatabase();
        var feedback = new FeedbackStore(redis.Connection, TimeProvider.System);
        var curation = new ClusterCurationStore(redis.Connection, TimeProvider.System);
        await using var worker = new WorkerHost(redis.ConnectionString, "merged",
            ("Clustering:RefineEveryItems", "100000"), ("Clustering:Grouping:AssignThreshold", "0.9")).Start();
        const string camera = "the app crashes when I open the camera";
        const string invoice = "the invoice pdf will not download";
        var cameraIds = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(camera), 4)], null)).Select(r => r.Id).ToList();
        var invoiceIds = (await feedback.AddManyAsync([.. Enumerable.Repeat(ClusteringState.Report(invoice), 4)], null)).Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, [.. cameraIds, .. invoiceIds], Within);
        var target = (await feedback.GetAsync(cameraIds[0]))!.ClusterId!;
        var mergedAway = (await feedback.GetAsync(invoiceIds[0]))!.ClusterId!;
        Assert.NotEqual(target, mergedAway);

        Assert.Equal(CurationOutcome.Done, (await curation.MergeAsync(mergedAway, target, Person)).Outcome);
        var later = (await feedback.AddManyAsync([ClusteringState.Report(invoice), ClusteringState.Report(camera)], null)).Select(r => r.Id).ToList();
        await ClusteringState.WaitUntilClusteredAsync(db, later, Within);

        Assert.All(await feedback.GetManyAsync(later), item => Assert.Equal(target, item!.ClusterId));
        var activity = (await curation.GetActivityAsync(target))!;
        Assert.Equal((ActivityType.Joined, "worker"), (activity[0].Type, activity[0].By));
        Assert.Contains(activity, a => a.Type == ActivityType.Merged && a.By == "ada" && a.MergedFrom == mergedAway);
    }
}
