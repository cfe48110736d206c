using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.EndToEnd.Tests;

[Collection(AppHostCollection.Name)]
public sealed class FixFlowTests(AppHostFixture system)
{
    private const string Repo = AppHostFixture.RepoUrl;

    [Fact]
    public async Task Start_fix_queues_a_job_marks_the_cluster_fixing_and_a_second_start_gets_409()
    {
        var cluster = await SeedClusterAsync(Repo);

        var started = await system.Api.PostAsync($"/clusters/{cluster.Id}/start_fix", null);
        var again = await system.Api.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await Json.ReadAsync(started)).Str("job_id");
        var job = await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}"));
        // The orchestrator may already have taken it on; the agent is a slow one, so it is still active.
        Assert.Contains(job.Str("status"), new[] { "queued", "launching", "running" });
        Assert.False(job.TryGetProperty("token", out _));
        var afterStart = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"));
        Assert.Equal("fixing", afterStart.Str("status"));
        await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict);
        var jobs = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}/jobs"));
        Assert.Single(jobs.GetProperty("items").EnumerateArray());
        await system.Api.PostAsync($"/jobs/{jobId}/cancel", null);
    }

    [Fact]
    public async Task Start_fix_without_any_repository_gets_422_and_leaves_the_cluster_new()
    {
        var cluster = await SeedClusterAsync(repo: null);

        var response = await system.Api.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var after = await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{cluster.Id}"));
        Assert.Equal("new", after.Str("status"));
    }

    [Fact]
    public async Task A_job_moves_only_with_its_own_token()
    {
        var (jobId, token) = await CreateManualJobAsync();
        var (_, otherToken) = await CreateManualJobAsync();

        var withoutToken = await PatchJobAsync(jobId, null, new { status = "running" });
        var withOtherJobsToken = await PatchJobAsync(jobId, otherToken, new { status = "running" });
        var withOwnToken = await PatchJobAsync(jobId, token, new { status = "running", logs = new[] { "cloning", "running agent" } });

        await Problems.AssertProblemAsync(withoutToken, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(withOtherJobsToken, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, withOwnToken.StatusCode);
        var job = await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}"));
        Assert.Equal("running", job.Str("status"));
        var logs = await Json.ReadAsync(await system.Api.GetAsync($"/jobs/{jobId}/logs"));
        Assert.Equal(["cloning", "running agent"], logs.GetProperty("lines").EnumerateArray().Select(l => l.Str("line")));
    }

    [Fact]
    public async Task A_job_that_opens_a_pull_request_marks_its_cluster_fixed()
    {
        var (jobId, token, clusterId) = await CreateManualJobWithClusterAsync();

        await PatchJobAsync(jobId, token, new { status = "running" });
        var done = await PatchJobAsync(jobId, token, new { status = "succeeded", pr_url = $"{Repo}/pull/{Random.Shared.Next(1_000, 1_000_000)}" });
        var backwards = await PatchJobAsync(jobId, token, new { status = "running" });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("fix_proposed", (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{clusterId}"))).Str("status"));
        await Problems.AssertProblemAsync(backwards, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_a_job_returns_its_cluster_to_new()
    {
        var (jobId, _, clusterId) = await CreateManualJobWithClusterAsync();

        var cancelled = await system.Api.PostAsync($"/jobs/{jobId}/cancel", null);
        var again = await system.Api.PostAsync($"/jobs/{jobId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await Json.ReadAsync(cancelled)).Str("status"));
        Assert.Equal("new", (await Json.ReadAsync(await system.Api.GetAsync($"/clusters/{clusterId}"))).Str("status"));
        await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Patching_a_cluster_edits_it_under_the_status_rules()
    {
        var cluster = await SeedClusterAsync(repo: null);

        var edited = await PatchClusterAsync(cluster.Id, new { title = "Checkout fails with 3-D Secure", github_repo_url = Repo, status = "ignored" });
        var badRepo = await PatchClusterAsync(cluster.Id, new { github_repo_url = "https://gitlab.com/a/b" });
        var intoFixing = await PatchClusterAsync(cluster.Id, new { status = "fixing" });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await Json.ReadAsync(edited);
        Assert.Equal("ignored", body.Str("status"));
        Assert.Equal(Repo, body.Str("github_repo_url"));
        var problem = await Problems.AssertProblemAsync(badRepo, HttpStatusCode.BadRequest);
        Assert.Contains("github_repo_url", problem, StringComparison.Ordinal);
        Assert.True(intoFixing.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, $"got {(int)intoFixing.StatusCode}");
    }

    [Fact]
    public async Task Stats_agree_with_what_happened()
    {
        var before = await Json.ReadAsync(await system.Api.GetAsync("/stats"));
        await system.Api.PostAsync("/ingest/manual", Json.Body(new { title = Json.Unique("stats") }));
        var cluster = await SeedClusterAsync(Repo);
        var started = await Json.ReadAsync(await system.Api.PostAsync($"/clusters/{cluster.Id}/start_fix", null));

        var after = await Json.ReadAsync(await system.Api.GetAsync("/stats"));
        await system.Api.PostAsync($"/jobs/{started.Str("job_id")}/cancel", null);

        Assert.Equal(Count(before, "feedback", "total") + 1, Count(after, "feedback", "total"));
        Assert.Equal(Count(before, "feedback", "by_source", "manual") + 1, Count(after, "feedback", "by_source", "manual"));
        // The clustering worker takes items out of "unclustered" as it goes, so only a bound holds here.
        Assert.InRange(Count(after, "feedback", "unclustered"), 0, Count(after, "feedback", "total"));
        Assert.Equal(Count(before, "clusters", "by_status", "fixing") + 1, Count(after, "clusters", "by_status", "fixing"));
        Assert.Equal(JobCount(before) + 1, JobCount(after));
    }

    private static long JobCount(JsonElement stats) =>
        stats.GetProperty("jobs").GetProperty("by_status").EnumerateObject().Sum(status => status.Value.GetInt64());

    private static long Count(JsonElement stats, params string[] path) =>
        path.Aggregate(stats, (element, name) => element.GetProperty(name)).GetInt64();

    /// <summary>
    /// A cluster of its own for each test, made as the clustering worker would but without
    /// items, so the running worker never has a reason to touch it. Its title makes the agent
    /// command slow, so a fix started here stays active while the test looks.
    /// </summary>
    private Task<IssueCluster> SeedClusterAsync(string? repo) =>
        system.Clusters.CreateAsync(new NewCluster(Json.Unique($"Checkout fails {AppHostFixture.SlowMarker}"), "Payments are declined.", [], repo));

    private async Task<(string JobId, string Token)> CreateManualJobAsync()
    {
        var (jobId, token, _) = await CreateManualJobWithClusterAsync();
        return (jobId, token);
    }

    private async Task<(string JobId, string Token, string ClusterId)> CreateManualJobWithClusterAsync()
    {
        var cluster = await SeedClusterAsync(Repo);
        var response = await system.Api.PostAsync("/jobs", Json.Body(new { cluster_id = cluster.Id }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = await Json.ReadAsync(response);
        return (job.Str("id"), job.Str("token"), cluster.Id);
    }

    private Task<HttpResponseMessage> PatchJobAsync(string jobId, string? token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = Json.Body(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        // The agent has only its job token: no API key.
        return system.Anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> PatchClusterAsync(string clusterId, object body) =>
        system.Api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/clusters/{clusterId}") { Content = Json.Body(body) });
}
