using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Stores;

namespace FeedbackFix.Clusters.Tests;

/// <summary>
/// Fixes the orchestrator could only fail: refused up front while it says it has no GitHub token.
/// The class has its own service and Redis, since orchestrator:capabilities is one key for all.
/// </summary>
public sealed class GitHubNotConfiguredHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    private const string RepoUrl = "https://github.com/acme/app";

    private OrchestratorCapabilitiesStore Orchestrator => new(app.Redis.Connection, TimeProvider.System);

    [Fact]
    public async Task Start_fix_is_a_422_naming_the_github_token_parameter_and_writes_nothing_while_the_orchestrator_has_no_token()
    {
        await Orchestrator.RecordAsync(gitHubToken: false, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync();
        var streamBefore = await app.Redis.Connection.GetDatabase().StreamLengthAsync("stream:jobs");

        var response = await app.Client.PostAsJsonAsync($"/clusters/{cluster.Id}/start_fix",
            new { github_repo_url = RepoUrl, instructions = "Keep it small." });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("GitHub is not configured", problem["title"]!.GetValue<string>());
        Assert.Contains("'github-token'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("GitHub:Token", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("github-token", problem["parameter"]!.GetValue<string>());
        Assert.Equal(cluster, await app.Clusters.GetAsync(cluster.Id));
        Assert.Empty((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
        Assert.Equal(streamBefore, await app.Redis.Connection.GetDatabase().StreamLengthAsync("stream:jobs"));
    }

    [Fact]
    public async Task Start_fix_on_a_cluster_being_fixed_is_the_409_of_the_running_fix_even_while_the_orchestrator_has_no_token()
    {
        await Orchestrator.RecordAsync(gitHubToken: true, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);
        var running = (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)))["job_id"]!.GetValue<string>();
        await Orchestrator.RecordAsync(gitHubToken: false, TimeSpan.FromMinutes(1));

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal("A fix is already running", problem["title"]!.GetValue<string>());
        Assert.Equal(running, problem["active_job_id"]!.GetValue<string>());
        Assert.Single((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
    }

    [Fact]
    public async Task Retry_while_another_job_fixes_the_cluster_is_the_409_of_that_job_even_while_the_orchestrator_has_no_token()
    {
        await Orchestrator.RecordAsync(gitHubToken: true, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);
        var failed = (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)))["job_id"]!.GetValue<string>();
        await app.Jobs.FailAsync(failed, "the agent could not start");
        var running = (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)))["job_id"]!.GetValue<string>();
        await Orchestrator.RecordAsync(gitHubToken: false, TimeSpan.FromMinutes(1));

        var response = await app.Client.PostAsync($"/jobs/{failed}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(running, (await ClustersApp.ReadJsonAsync(response))["active_job_id"]!.GetValue<string>());
        Assert.Equal(2, (await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items.Count);
    }

    [Fact]
    public async Task Retry_is_refused_the_same_way_and_opens_no_job()
    {
        await Orchestrator.RecordAsync(gitHubToken: true, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);
        var first = (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)))["job_id"]!.GetValue<string>();
        await app.Jobs.FailAsync(first, "the orchestrator had no GitHub token");
        await Orchestrator.RecordAsync(gitHubToken: false, TimeSpan.FromMinutes(1));

        var response = await app.Client.PostAsync($"/jobs/{first}/retry", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("GitHub is not configured", (await ClustersApp.ReadJsonAsync(response))["title"]!.GetValue<string>());
        Assert.Single((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
        Assert.Equal(ClusterStatus.New, (await app.Clusters.GetAsync(cluster.Id))!.Status);
    }

    [Fact]
    public async Task A_job_the_caller_runs_itself_needs_no_orchestrator_and_is_still_created()
    {
        await Orchestrator.RecordAsync(gitHubToken: false, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);

        var response = await app.Client.PostAsJsonAsync("/jobs", new { cluster_id = cluster.Id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Start_fix_is_queued_when_the_orchestrator_has_a_token()
    {
        await Orchestrator.RecordAsync(gitHubToken: true, TimeSpan.FromMinutes(1));
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Start_fix_is_queued_as_ever_when_no_orchestrator_has_said_anything()
    {
        await app.Redis.Connection.GetDatabase().KeyDeleteAsync("orchestrator:capabilities");
        var cluster = await app.SeedClusterAsync(repoUrl: RepoUrl);

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await ClustersApp.ReadJsonAsync(response))["job_id"]!.GetValue<string>();
        Assert.Equal(JobStatus.Queued, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    [Fact]
    public async Task The_api_description_lists_the_422_of_a_retry()
    {
        var document = await app.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.NotNull(document!["paths"]!["/jobs/{id}/retry"]!["post"]!["responses"]!["422"]);
        Assert.NotNull(document["paths"]!["/clusters/{id}/start_fix"]!["post"]!["responses"]!["422"]);
        Assert.NotNull(document["components"]!["schemas"]!["StartFixRequest"]!["properties"]!["instructions"]);
    }
}
