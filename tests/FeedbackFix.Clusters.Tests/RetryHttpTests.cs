using System.Net;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Tests;

/// <summary>POST /jobs/{id}/retry: the next attempt of a job that did not make it.</summary>
public sealed class RetryHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Theory]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public async Task Retry_of_an_ended_job_queues_the_next_attempt_for_the_same_cluster_and_repository(JobStatus ended)
    {
        var first = await EndedJobAsync(ended);

        var response = await app.Client.PostAsync($"/jobs/{first.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ClustersApp.ReadJsonAsync(response);
        var retryId = body["job_id"]!.GetValue<string>();
        Assert.NotEqual(first.Id, retryId);
        Assert.Equal(2, body["attempt"]!.GetValue<int>());
        Assert.Equal($"/jobs/{retryId}", response.Headers.Location!.OriginalString);
        var retry = (await app.Jobs.GetAsync(retryId))!;
        Assert.Equal((first.ClusterId, first.RepoUrl, first.Launcher, JobStatus.Queued, first.Id), (retry.ClusterId, retry.RepoUrl, retry.Launcher, retry.Status, retry.RetryOf));
        var cluster = (await app.Clusters.GetAsync(first.ClusterId))!;
        Assert.Equal((ClusterStatus.Fixing, retryId), (cluster.Status, cluster.ActiveJobId));
        var entries = await app.Redis.Connection.GetDatabase().StreamRangeAsync("stream:jobs");
        var entry = Assert.Single(entries, e => e["job_id"] == retryId);
        Assert.True(await app.Jobs.VerifyTokenAsync(retryId, entry["token"].ToString()));
        Assert.False(await app.Jobs.VerifyTokenAsync(first.Id, entry["token"].ToString()));
    }

    [Fact]
    public async Task Retry_keeps_the_instructions_of_the_job_it_retries()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var started = await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix",
            ClustersApp.Json("""{"instructions": "Leave the database schema alone."}""")));
        var first = started["job_id"]!.GetValue<string>();
        await app.Jobs.ChangeAsync(first, new JobChanges(JobStatus.Failed));

        var retry = await Retried(first);

        Assert.Equal("Leave the database schema alone.", (await app.Jobs.GetAsync(retry))!.Instructions);
    }

    [Fact]
    public async Task Retrying_an_older_job_takes_the_clusters_next_attempt_number()
    {
        var first = await EndedJobAsync(JobStatus.Failed);
        var second = await Retried(first.Id);
        await app.Jobs.ChangeAsync(second, new JobChanges(JobStatus.Cancelled));

        var third = await Retried(first.Id);

        Assert.Equal(3, (await app.Jobs.GetAsync(third))!.Attempt);
    }

    [Fact]
    public async Task Retry_of_a_running_job_is_409_and_opens_nothing()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var job = await StartAsync(cluster.Id);
        await app.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Launching));

        var response = await app.Client.PostAsync($"/jobs/{job.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("launching", problem["current_status"]!.GetValue<string>());
        Assert.Single((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
    }

    [Fact]
    public async Task Retry_while_the_cluster_has_another_active_job_is_409()
    {
        var first = await EndedJobAsync(JobStatus.Failed);
        var active = await StartAsync(first.ClusterId);

        var response = await app.Client.PostAsync($"/jobs/{first.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(active.Id, (await ClustersApp.ReadJsonAsync(response))["active_job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_of_a_job_run_by_its_caller_is_409()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var manual = await app.Jobs.CreateAsync(cluster.Id, "https://github.com/acme/app", "manual", enqueue: false, null);
        await app.Jobs.ChangeAsync(manual.Job!.Id, new JobChanges(JobStatus.Failed));

        var response = await app.Client.PostAsync($"/jobs/{manual.Job.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("no-such-job", HttpStatusCode.NotFound)]
    [InlineData("bad%20id", HttpStatusCode.BadRequest)]
    public async Task Retry_of_an_unknown_or_malformed_id_says_so(string id, HttpStatusCode expected)
    {
        var response = await app.Client.PostAsync($"/jobs/{id}/retry", null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private async Task<string> Retried(string jobId) =>
        (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/jobs/{jobId}/retry", null)))["job_id"]!.GetValue<string>();

    private async Task<AgentJob> StartAsync(string clusterId)
    {
        var body = await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{clusterId}/start_fix", null));
        return (await app.Jobs.GetAsync(body["job_id"]!.GetValue<string>()))!;
    }

    private async Task<AgentJob> EndedJobAsync(JobStatus ended)
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var job = await StartAsync(cluster.Id);
        await app.Jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Launching));
        await app.Jobs.ChangeAsync(job.Id, new JobChanges(ended));
        return (await app.Jobs.GetAsync(job.Id))!;
    }
}
