using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FeedbackFix.Contracts.Clusters;

namespace FeedbackFix.Clusters.Tests;

/// <summary>start_fix and POST /jobs: the two ways a fix begins.</summary>
public sealed class FixHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Start_fix_queues_a_job_marks_the_cluster_fixing_and_enqueues_it_with_its_token()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await ClustersApp.ReadJsonAsync(response);
        var jobId = body["job_id"]!.GetValue<string>();
        Assert.Equal($"/jobs/{jobId}", response.Headers.Location!.OriginalString);
        Assert.Equal(cluster.Id, body["cluster_id"]!.GetValue<string>());
        Assert.Equal("queued", body["status"]!.GetValue<string>());
        Assert.Null(body["token"]);

        var stored = await app.Clusters.GetAsync(cluster.Id);
        Assert.Equal((ClusterStatus.Fixing, jobId), (stored!.Status, stored.ActiveJobId));
        var entries = await app.Redis.Connection.GetDatabase().StreamRangeAsync("stream:jobs");
        var entry = Assert.Single(entries, e => e["job_id"] == jobId);
        Assert.True(await app.Jobs.VerifyTokenAsync(jobId, entry["token"].ToString()));
        Assert.Equal("process", (await app.Jobs.GetAsync(jobId))!.Launcher);
    }

    [Fact]
    public async Task Start_fix_accepts_a_json_body_naming_the_repository()
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PostAsJsonAsync($"/clusters/{cluster.Id}/start_fix", new { github_repo_url = "https://github.com/acme/web" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("https://github.com/acme/web", (await app.Clusters.GetAsync(cluster.Id))!.GithubRepoUrl);
    }

    [Fact]
    public async Task Start_fix_keeps_the_instructions_on_the_job_and_the_job_shows_them()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        const string instructions = "Only touch the login module.\nDo not add dependencies.";

        var response = await app.Client.PostAsJsonAsync($"/clusters/{cluster.Id}/start_fix", new { instructions });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await ClustersApp.ReadJsonAsync(response))["job_id"]!.GetValue<string>();
        var job = await app.Client.GetFromJsonAsync<JsonObject>($"/jobs/{jobId}");
        Assert.Equal(instructions, job!["instructions"]!.GetValue<string>());
        Assert.Equal(instructions, (string?)await app.Redis.Connection.GetDatabase().HashGetAsync($"job:{jobId}", "instructions"));
    }

    [Fact]
    public async Task A_job_started_without_instructions_shows_none()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var jobId = (await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null)))["job_id"]!.GetValue<string>();

        Assert.Null((await app.Client.GetFromJsonAsync<JsonObject>($"/jobs/{jobId}"))!["instructions"]);
    }

    [Fact]
    public async Task A_second_start_fix_is_409_naming_the_active_job()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        var first = await ClustersApp.ReadJsonAsync(await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null));

        var second = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(second);
        Assert.Equal(first["job_id"]!.GetValue<string>(), problem["active_job_id"]!.GetValue<string>());
        Assert.Single((await app.Jobs.ListForClusterAsync(cluster.Id, null, 10)).Items);
    }

    [Fact]
    public async Task Start_fix_without_any_repository_is_422_and_changes_nothing()
    {
        var cluster = await app.SeedClusterAsync();

        var response = await app.Client.PostAsync($"/clusters/{cluster.Id}/start_fix", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(
            "Set github_repo_url on the cluster, map its reports' sources to a repository (PUT /config/repositories), or give the AppHost parameter 'default-repository-url' a value (the setting Fixes:DefaultRepositoryUrl)",
            problem["detail"]!.GetValue<string>());
        Assert.Equal("default-repository-url", problem["parameter"]!.GetValue<string>());
        Assert.Equal("Fixes:DefaultRepositoryUrl", problem["setting"]!.GetValue<string>());
        Assert.Equal(cluster, await app.Clusters.GetAsync(cluster.Id));
    }

    [Fact]
    public async Task Start_fix_of_an_unknown_cluster_is_404()
    {
        var response = await app.Client.PostAsync($"/clusters/{Guid.NewGuid():N}/start_fix", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_jobs_shows_the_token_once_and_get_never_does()
    {
        var cluster = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");

        var response = await app.Client.PostAsJsonAsync("/jobs", new { cluster_id = cluster.Id });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ClustersApp.ReadJsonAsync(response);
        var jobId = created["id"]!.GetValue<string>();
        Assert.Equal($"/jobs/{jobId}", response.Headers.Location!.OriginalString);
        Assert.Equal(("queued", "manual"), (created["status"]!.GetValue<string>(), created["launcher"]!.GetValue<string>()));
        var token = created["token"]!.GetValue<string>();
        Assert.True(await app.Jobs.VerifyTokenAsync(jobId, token));

        var single = await app.Client.GetStringAsync($"/jobs/{jobId}");
        var list = await app.Client.GetStringAsync("/jobs?limit=200");
        var ofCluster = await app.Client.GetStringAsync($"/clusters/{cluster.Id}/jobs");
        foreach (var text in new[] { single, list, ofCluster })
        {
            Assert.Contains(jobId, text);
            Assert.DoesNotContain(token, text);
            Assert.DoesNotContain("token", text);
        }
        var entries = await app.Redis.Connection.GetDatabase().StreamRangeAsync("stream:jobs");
        Assert.DoesNotContain(entries, e => e["job_id"] == jobId);
    }

    [Fact]
    public async Task Post_jobs_follows_the_start_fix_rules_404_409_and_422()
    {
        var busy = await app.SeedClusterAsync(repoUrl: "https://github.com/acme/app");
        (await app.Client.PostAsync($"/clusters/{busy.Id}/start_fix", null)).EnsureSuccessStatusCode();
        var noRepo = await app.SeedClusterAsync();

        var unknown = await app.Client.PostAsJsonAsync("/jobs", new { cluster_id = Guid.NewGuid().ToString("N") });
        var conflict = await app.Client.PostAsJsonAsync("/jobs", new { cluster_id = busy.Id });
        var unusable = await app.Client.PostAsJsonAsync("/jobs", new { cluster_id = noRepo.Id });

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity],
            new[] { unknown.StatusCode, conflict.StatusCode, unusable.StatusCode });
    }

    [Fact]
    public async Task Jobs_are_listed_by_status()
    {
        var (jobId, _, _) = await app.SeedManualJobAsync();
        (await app.Client.PostAsync($"/jobs/{jobId}/cancel", null)).EnsureSuccessStatusCode();

        var cancelled = await app.Client.GetFromJsonAsync<JsonObject>("/jobs?status=cancelled&limit=200");
        var queued = await app.Client.GetFromJsonAsync<JsonObject>("/jobs?status=queued&limit=200");

        Assert.Contains(cancelled!["items"]!.AsArray(), j => j!["id"]!.GetValue<string>() == jobId);
        Assert.DoesNotContain(queued!["items"]!.AsArray(), j => j!["id"]!.GetValue<string>() == jobId);
    }
}
