using System.Net.Http.Headers;
using System.Net.Http.Json;
using FeedbackFix.Clusters.PullRequests;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Contracts.Queues;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clusters.Tests;

/// <summary>
/// The worker that applies GitHub's pull_request deliveries, running in the service over its redis-server.
/// Deliveries are queued by <see cref="PullRequestStore.EnqueueAsync"/>, the call Ingestion makes once it
/// verified a delivery's signature (its own tests hold the HTTP side against the same queue contract).
/// </summary>
public sealed class PullRequestWorkerTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_merged_pull_request_moves_the_cluster_to_fixed_and_a_later_report_marks_it_regressed_in_the_inbox()
    {
        var (job, number) = await JobWithPullRequestAsync();

        await QueueAsync(number, "closed", merged: true);
        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.Fixed);
        await JoinReportAsync(job.ClusterId);

        var regressed = await app.Client.GetFromJsonAsync<Page<IssueCluster>>("/clusters?status=regressed&limit=200", ApiJson.Options);
        Assert.Contains(regressed!.Items, cluster => cluster.Id == job.ClusterId);
        Assert.Equal(PullRequestState.Merged, (await app.Jobs.GetAsync(job.Id))!.PrState);
    }

    [Fact]
    public async Task The_cluster_activity_shows_the_fix_proposed_by_the_agent_fixed_by_github_and_regressed_by_the_worker()
    {
        var (job, number) = await JobWithPullRequestAsync();

        await QueueAsync(number, "closed", merged: true);
        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.Fixed);
        await JoinReportAsync(job.ClusterId);

        var activity = await app.Client.GetFromJsonAsync<List<ClusterActivity>>($"/clusters/{job.ClusterId}/activity", ApiJson.Options);
        var moves = activity!.Where(a => a.Type == ActivityType.Status).Select(a => (a.By, a.StatusFrom, a.StatusTo, a.JobId)).ToList();
        Assert.Equal(
        [
            ("worker", ClusterStatus.Fixed, ClusterStatus.Regressed, null),
            ("github", ClusterStatus.FixProposed, ClusterStatus.Fixed, job.Id),
            ("agent", ClusterStatus.Fixing, ClusterStatus.FixProposed, job.Id),
        ], moves);
    }

    [Fact]
    public async Task Unmerging_a_cluster_whose_pull_request_was_merged_while_it_was_merged_away_answers_it_fixed()
    {
        var (job, number) = await JobWithPullRequestAsync();
        var survivor = await app.SeedClusterAsync();
        (await app.Client.PostAsJsonAsync($"/clusters/{job.ClusterId}/merge", new { into = survivor.Id })).EnsureSuccessStatusCode();
        await QueueAsync(number, "closed", merged: true);
        await Eventually.TrueAsync(async () => (await app.Jobs.GetAsync(job.Id))!.PrState == PullRequestState.Merged, Within, "the merge delivery applied");

        var response = await app.Client.PostAsync($"/clusters/{job.ClusterId}/unmerge", null);

        response.EnsureSuccessStatusCode();
        var restored = (await response.Content.ReadFromJsonAsync<IssueCluster>(ApiJson.Options))!;
        Assert.Equal((job.ClusterId, ClusterStatus.Fixed), (restored.Id, restored.Status));
        var fixedOnes = await app.Client.GetFromJsonAsync<Page<IssueCluster>>("/clusters?status=fixed&limit=200", ApiJson.Options);
        Assert.Contains(fixedOnes!.Items, cluster => cluster.Id == job.ClusterId);
    }

    [Fact]
    public async Task A_pull_request_closed_unmerged_moves_the_cluster_back_to_new_with_the_jobs_note()
    {
        var (job, number) = await JobWithPullRequestAsync();

        await QueueAsync(number, "closed", merged: false);

        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.New);
        var answered = await app.Client.GetFromJsonAsync<AgentJob>($"/jobs/{job.Id}", ApiJson.Options);
        Assert.Equal(PullRequestState.Closed, answered!.PrState);
        Assert.Contains("closed without being merged", answered.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opened_pull_request_shows_the_cluster_as_fix_proposed()
    {
        var (job, number) = await JobWithPullRequestAsync();
        await QueueAsync(number, "closed", merged: false, at: 1);
        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.New);

        await QueueAsync(number, "reopened", at: 2);

        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.FixProposed);
        var listed = await app.Client.GetFromJsonAsync<Page<IssueCluster>>("/clusters?status=fix_proposed&limit=200", ApiJson.Options);
        Assert.Contains(listed!.Items, cluster => cluster.Id == job.ClusterId);
    }

    [Fact]
    public async Task A_pull_request_no_job_opened_is_acknowledged_and_changes_nothing()
    {
        var (job, number) = await JobWithPullRequestAsync();
        var stranger = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);

        await QueueAsync(stranger, "closed", merged: true, repository: "someone/else");
        await QueueAsync(number, "closed", merged: true);

        // The worker takes entries in order: once the job's merge is applied, the stranger's was handled before it.
        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.Fixed);
        await Eventually.TrueAsync(async () => (await app.Redis.Connection.GetDatabase()
            .StreamPendingAsync(RedisKeys.PullRequestsStream, PullRequestWorker.Group)).PendingMessageCount == 0, Within, "every entry acknowledged");
        Assert.Null(await app.PullRequests.FindJobAsync(new PullRequestRef("someone/else", stranger)));
    }

    [Fact]
    public async Task A_duplicate_delivery_is_queued_once_and_a_repeated_merge_changes_nothing_more()
    {
        var (job, number) = await JobWithPullRequestAsync();
        var delivery = Entry(number, "closed", merged: true);

        Assert.True(await app.PullRequests.EnqueueAsync(delivery));
        Assert.False(await app.PullRequests.EnqueueAsync(delivery));
        await ClusterBecomesAsync(job.ClusterId, ClusterStatus.Fixed);
        await JoinReportAsync(job.ClusterId);
        await QueueAsync(number, "closed", merged: true);
        await Eventually.TrueAsync(async () => (await app.Redis.Connection.GetDatabase()
            .StreamPendingAsync(RedisKeys.PullRequestsStream, PullRequestWorker.Group)).PendingMessageCount == 0
            && (await app.Redis.Connection.GetDatabase().StreamGroupInfoAsync(RedisKeys.PullRequestsStream))
                .Single(g => g.Name == PullRequestWorker.Group).LastDeliveredId == (await LastEntryIdAsync()), Within, "the repeated merge handled");

        Assert.Equal(ClusterStatus.Regressed, (await app.Clusters.GetAsync(job.ClusterId))!.Status);
        var merged = (await app.Jobs.GetLogsAsync(job.Id, null, 1_000)).Count(line => line.Line.Contains("was merged", StringComparison.Ordinal));
        Assert.Equal(1, merged);
    }

    // A job run by hand that ended with a pull request: its cluster is fix_proposed.
    private async Task<(AgentJob Job, long Number)> JobWithPullRequestAsync()
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();
        var number = Random.Shared.NextInt64(1, 1_000_000_000);
        await ReportAsync(jobId, token, """{"status":"running"}""");
        await ReportAsync(jobId, token, $$"""{"status":"succeeded","pr_url":"https://github.com/acme/app/pull/{{number}}"}""");
        Assert.Equal(ClusterStatus.FixProposed, (await app.Clusters.GetAsync(clusterId))!.Status);
        return ((await app.Jobs.GetAsync(jobId))!, number);
    }

    private async Task ReportAsync(string jobId, string token, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = ClustersApp.Json(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await app.Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private Task QueueAsync(long number, string action, bool merged = false, int at = 0, string repository = "acme/app") =>
        app.PullRequests.EnqueueAsync(Entry(number, action, merged, at, repository));

    private static PullRequestQueueEntry Entry(long number, string action, bool merged = false, int at = 0, string repository = "acme/app") =>
        new(repository, number, action, merged, new DateTimeOffset(2026, 11, 21, 10, at, 0, TimeSpan.Zero), Guid.NewGuid().ToString(), null);

    private Task ClusterBecomesAsync(string clusterId, ClusterStatus status) =>
        Eventually.TrueAsync(async () => (await app.Clusters.GetAsync(clusterId))?.Status == status, Within, $"cluster {clusterId} to be {status}");

    private async Task<string> LastEntryIdAsync() =>
        (await app.Redis.Connection.GetDatabase().StreamRangeAsync(RedisKeys.PullRequestsStream, "-", "+", 1, StackExchange.Redis.Order.Descending))[0].Id!;

    // What the clustering worker's membership commit does when a new report joins the cluster.
    private async Task JoinReportAsync(string clusterId)
    {
        var added = await app.Feedback.AddAsync(
            new NewFeedback(FeedbackSource.Manual, Guid.NewGuid().ToString("N"), "Login fails again", "Since today.", null, "tester", DateTimeOffset.UtcNow),
            null);
        var lease = await RedisLease.TryAcquireAsync(app.Redis.Connection.GetDatabase(), RedisKeys.ClusteringLock, TimeSpan.FromSeconds(30));
        try
        {
            Assert.True(await app.Membership.CommitAsync(
                new MembershipChanges([new ClusterMembershipUpdate(clusterId, [1f], [added.Id], [])], []), lease!));
        }
        finally
        {
            await lease!.ReleaseAsync();
        }
    }
}
