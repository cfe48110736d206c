using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Domain.Tests.Support;

internal static class TestData
{
    public const string RepoUrl = "https://github.com/octo/app";

    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /// <summary>A feedback item with an external id nobody else uses.</summary>
    public static NewFeedback Feedback(
        FeedbackSource source = FeedbackSource.Manual,
        string? externalId = "",
        DateTimeOffset? createdAt = null,
        string title = "App crashes on start") =>
        new(source,
            externalId == "" ? "ext-" + Ids.New() : externalId,
            title,
            "It crashes every time I open it.",
            "https://example.com/post/1",
            "ann",
            createdAt ?? DateTimeOffset.UtcNow);

    public static async Task<string> AddFeedbackAsync(this StoreSet stores, DateTimeOffset? createdAt = null, FeedbackSource source = FeedbackSource.Manual) =>
        (await stores.Feedback.AddAsync(Feedback(source, createdAt: createdAt), null)).Id;

    /// <summary>A new cluster over <paramref name="items"/> fresh feedback items.</summary>
    public static async Task<IssueCluster> AddClusterAsync(this StoreSet stores, int items = 1, string title = "Crash on start")
    {
        var ids = new List<string>();
        for (var i = 0; i < items; i++)
        {
            ids.Add(await stores.AddFeedbackAsync());
        }
        return await stores.Clusters.CreateAsync(new NewCluster(title, "People report a crash.", ids));
    }

    /// <summary>A cluster with a queued job.</summary>
    public static async Task<JobCreation> AddJobAsync(this StoreSet stores, bool enqueue = false)
    {
        var cluster = await stores.AddClusterAsync();
        var creation = await stores.Jobs.CreateAsync(cluster.Id, RepoUrl, "process", enqueue, TraceParent);
        Assert.Equal(JobCreationOutcome.Created, creation.Outcome);
        return creation;
    }
}
