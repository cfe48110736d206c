using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Queues;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Domain.Tests.Support;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Domain.Tests;

/// <summary>GitHub's pull_request deliveries: queued once per delivery id, applied to the job that opened the pull request and its cluster.</summary>
public sealed class PullRequestStoreTests : IClassFixture<RedisServer>
{
    private const string Repository = "octo/app";

    private readonly ManualClock _clock = new();
    private readonly StoreSet _stores;

    public PullRequestStoreTests(RedisServer redis)
    {
        _stores = new StoreSet(redis.Connection, _clock);
    }

    [Fact]
    public async Task A_merged_pull_request_moves_a_fix_proposed_cluster_to_fixed()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();

        var outcome = await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: true));

        Assert.Equal((PullRequestOutcomeKind.Applied, ClusterStatus.Fixed), (outcome.Kind, outcome.ClusterMovedTo));
        Assert.Equal(ClusterStatus.Fixed, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
        Assert.Equal(PullRequestState.Merged, (await _stores.Jobs.GetAsync(job.Id))!.PrState);
    }

    [Fact]
    public async Task A_pull_request_closed_unmerged_moves_the_cluster_back_to_new_with_a_note_on_the_job()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();

        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: false));

        Assert.Equal(ClusterStatus.New, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
        var after = (await _stores.Jobs.GetAsync(job.Id))!;
        Assert.Equal(PullRequestState.Closed, after.PrState);
        Assert.Equal(PullRequestStore.ClosedNote(new PullRequestRef(Repository, number)), after.Note);
        Assert.Contains(await _stores.Jobs.GetLogsAsync(job.Id, null, 100), line => line.Line.Contains("closed without being merged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reopened_pull_request_moves_the_cluster_back_to_fix_proposed()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();
        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: false, at: 1));

        await _stores.PullRequests.ApplyAsync(Delivery(number, "reopened", at: 2));

        Assert.Equal(ClusterStatus.FixProposed, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
        Assert.Equal(PullRequestState.Open, (await _stores.Jobs.GetAsync(job.Id))!.PrState);
    }

    [Fact]
    public async Task A_pull_request_no_job_opened_is_unknown_and_changes_nothing()
    {
        var (job, _) = await JobWithOpenPullRequestAsync();

        var outcome = await _stores.PullRequests.ApplyAsync(Delivery(Random.Shared.NextInt64(1_000_000_000, 2_000_000_000), "closed", merged: true));

        Assert.Equal(PullRequestOutcomeKind.UnknownPullRequest, outcome.Kind);
        Assert.Equal(ClusterStatus.FixProposed, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_repeated_merge_delivery_does_not_undo_a_later_regression()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();
        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: true));
        await _stores.Clusters.ChangeAsync(job.ClusterId, new ClusterChanges(Status: ClusterStatus.Regressed), (_, _) => true);

        var again = await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: true));

        Assert.Null(again.ClusterMovedTo);
        Assert.Equal(ClusterStatus.Regressed, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task A_delivery_older_than_the_last_applied_one_is_outdated()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();
        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: false, at: 10));

        var late = await _stores.PullRequests.ApplyAsync(Delivery(number, "opened", at: 5));

        Assert.Equal(PullRequestOutcomeKind.Outdated, late.Kind);
        Assert.Equal(ClusterStatus.New, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task The_pull_request_of_an_earlier_job_does_not_move_a_cluster_with_a_newer_job()
    {
        var (first, number) = await JobWithOpenPullRequestAsync();
        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: false, at: 1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _stores.Jobs.CreateAsync(first.ClusterId, TestData.RepoUrl, "process", enqueue: false, null);
        await _stores.Jobs.ChangeAsync(second.Job!.Id, new JobChanges(JobStatus.Failed));

        await _stores.PullRequests.ApplyAsync(Delivery(number, "reopened", at: 2));

        Assert.Equal(ClusterStatus.New, (await _stores.Clusters.GetAsync(first.ClusterId))!.Status);
        Assert.Equal(PullRequestState.Open, (await _stores.Jobs.GetAsync(first.Id))!.PrState);
    }

    [Theory]
    [InlineData("closed", true, ClusterStatus.Fixed)]
    [InlineData("closed", false, ClusterStatus.New)]
    public async Task A_cluster_merged_away_while_fix_proposed_comes_back_where_its_pull_request_went_meanwhile(
        string action, bool merged, ClusterStatus expected)
    {
        var (job, number) = await JobWithOpenPullRequestAsync();
        var survivor = await _stores.AddClusterAsync();
        await _stores.Curation.MergeAsync(job.ClusterId, survivor.Id, new Actor("alice"));
        var delivered = await _stores.PullRequests.ApplyAsync(Delivery(number, action, merged));

        var unmerged = await _stores.Curation.UnmergeAsync(job.ClusterId, new Actor("alice"));

        Assert.Equal((PullRequestOutcomeKind.Applied, (ClusterStatus?)null), (delivered.Kind, delivered.ClusterMovedTo));
        Assert.Equal(CurationResult.Done(job.ClusterId), unmerged);
        Assert.Equal(expected, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
        Assert.NotNull(await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(expected), job.ClusterId));
        Assert.Null(await _stores.Db.SortedSetScoreAsync(RedisKeys.ClustersByStatus(ClusterStatus.FixProposed), job.ClusterId));
        var latest = (await _stores.Curation.GetActivityAsync(job.ClusterId))![0];
        Assert.Equal((ActivityType.Status, "github", job.Id, ClusterStatus.FixProposed, expected),
            (latest.Type, latest.By, latest.JobId, latest.StatusFrom, latest.StatusTo));
    }

    [Fact]
    public async Task A_cluster_merged_away_while_its_pull_request_stays_open_comes_back_fix_proposed_and_follows_a_later_merge()
    {
        var (job, number) = await JobWithOpenPullRequestAsync();
        var survivor = await _stores.AddClusterAsync();
        await _stores.Curation.MergeAsync(job.ClusterId, survivor.Id, new Actor("alice"));

        await _stores.Curation.UnmergeAsync(job.ClusterId, new Actor("alice"));
        var restored = (await _stores.Clusters.GetAsync(job.ClusterId))!.Status;
        await _stores.PullRequests.ApplyAsync(Delivery(number, "closed", merged: true));

        Assert.Equal(ClusterStatus.FixProposed, restored);
        Assert.Equal(ClusterStatus.Fixed, (await _stores.Clusters.GetAsync(job.ClusterId))!.Status);
    }

    [Fact]
    public async Task Queueing_a_delivery_id_twice_queues_it_once()
    {
        var delivery = Delivery(Random.Shared.NextInt64(1, 1_000_000), "closed", merged: true);
        var before = await _stores.Db.StreamLengthAsync(RedisKeys.PullRequestsStream);

        var first = await _stores.PullRequests.EnqueueAsync(delivery);
        var second = await _stores.PullRequests.EnqueueAsync(delivery);

        Assert.Equal((true, false), (first, second));
        Assert.Equal(before + 1, await _stores.Db.StreamLengthAsync(RedisKeys.PullRequestsStream));
        var queue = new StreamWorkQueue(_stores.Redis, QueueEntries.PullRequestQueue("test-" + Ids.New(), "c"));
        await queue.EnsureGroupAsync();
        var entries = await queue.ReadAsync(100_000);
        Assert.Equal(delivery, entries.Select(e => e.ToPullRequestEntry()).Single(e => e!.DeliveryId == delivery.DeliveryId));
    }

    // A job that ended with a pull request, which leaves its cluster fix_proposed.
    private async Task<(AgentJob Job, long Number)> JobWithOpenPullRequestAsync()
    {
        var creation = await _stores.AddJobAsync();
        var number = Random.Shared.NextInt64(1, 1_000_000_000);
        await _stores.Jobs.ChangeAsync(creation.Job!.Id, new JobChanges(JobStatus.Running));
        var ended = await _stores.Jobs.ChangeAsync(creation.Job.Id,
            new JobChanges(JobStatus.Succeeded, PrUrl: $"https://github.com/{Repository}/pull/{number}"));
        Assert.Equal(ClusterStatus.FixProposed, (await _stores.Clusters.GetAsync(creation.Cluster!.Id))!.Status);
        return (ended.Record!, number);
    }

    private static PullRequestQueueEntry Delivery(long number, string action, bool merged = false, int at = 0) =>
        new(Repository, number, action, merged, DateTimeOffset.UnixEpoch.AddYears(56).AddMinutes(at), Guid.NewGuid().ToString(), null);
}
