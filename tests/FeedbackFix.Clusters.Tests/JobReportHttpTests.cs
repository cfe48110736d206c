using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Contracts.Json;
using FeedbackFix.Domain.Model;

namespace FeedbackFix.Clusters.Tests;

/// <summary>PATCH /jobs/{id} (the agent's reports, by token) and cancelling.</summary>
public sealed class JobReportHttpTests(ClustersApp app) : IClassFixture<ClustersApp>
{
    [Fact]
    public async Task Patch_without_a_token_is_401_and_changes_nothing()
    {
        var (jobId, _, _) = await app.SeedManualJobAsync();

        var response = await app.Client.PatchAsJsonAsync($"/jobs/{jobId}", new { status = "running" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(JobStatus.Queued, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    [Fact]
    public async Task Patch_with_another_jobs_token_is_403_and_changes_nothing()
    {
        var (jobId, _, _) = await app.SeedManualJobAsync();
        var (_, otherToken, _) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, otherToken, """{"status":"running"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(JobStatus.Queued, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    [Fact]
    public async Task Patch_checks_the_token_before_saying_anything_about_the_body()
    {
        var (jobId, _, _) = await app.SeedManualJobAsync();

        var malformed = await Patch(jobId, "wrong", "{not json");
        var unknownJob = await Patch(Guid.NewGuid().ToString("N"), "wrong", """{"status":"running"}""");

        Assert.Equal(HttpStatusCode.Forbidden, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownJob.StatusCode);
    }

    [Fact]
    public async Task Patch_with_the_right_token_moves_the_job_and_takes_the_x_job_token_header_too()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();

        var running = await Patch(jobId, token, """{"status":"running","note":"cloned"}""");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = ClustersApp.Json("""{"log":"working"}""") };
        request.Headers.Add("X-Job-Token", token);
        var heartbeat = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        var job = await ClustersApp.ReadJsonAsync(heartbeat);
        Assert.Equal(("running", "cloned"), (job["status"]!.GetValue<string>(), job["note"]!.GetValue<string>()));
        Assert.NotNull(job["heartbeat_at"]);
        Assert.Null(job["token"]);
    }

    [Fact]
    public async Task Patch_with_no_body_is_a_heartbeat()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await app.Jobs.GetAsync(jobId))!.HeartbeatAt);
    }

    [Fact]
    public async Task A_job_that_succeeds_with_a_pull_request_marks_its_cluster_fix_proposed()
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();
        await Patch(jobId, token, """{"status":"running"}""");

        var response = await Patch(jobId, token, """{"status":"succeeded","pr_url":"https://github.com/acme/app/pull/7"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://github.com/acme/app/pull/7", (await ClustersApp.ReadJsonAsync(response))["pr_url"]!.GetValue<string>());
        Assert.Equal(ClusterStatus.FixProposed, (await app.Clusters.GetAsync(clusterId))!.Status);
    }

    [Fact]
    public async Task A_job_that_fails_sends_its_cluster_back_to_new()
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, token, """{"status":"failed","error":"tests did not pass"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await app.Jobs.GetAsync(jobId);
        Assert.Equal((JobStatus.Failed, "tests did not pass"), (job!.Status, job.Error));
        Assert.Equal(ClusterStatus.New, (await app.Clusters.GetAsync(clusterId))!.Status);
    }

    [Fact]
    public async Task A_forbidden_job_transition_is_409()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Patch(jobId, token, """{"status":"failed"}""");

        var response = await Patch(jobId, token, """{"status":"running"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ClustersApp.ReadJsonAsync(response);
        Assert.Equal(("failed", "running"), (problem["current_status"]!.GetValue<string>(), problem["requested_status"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("github.com/acme/app/pull/7")]
    [InlineData("https://github.com/acme/app/issues/7")]
    [InlineData("https://github.com/acme/app")]
    public async Task Patch_with_a_pr_url_that_is_no_pull_requests_link_names_the_field_and_changes_nothing(string prUrl)
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, token, $$"""{"status":"succeeded","pr_url":"{{prUrl}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("pr_url"));
        var job = await app.Jobs.GetAsync(jobId);
        Assert.Equal((JobStatus.Queued, null), (job!.Status, job.PrUrl));
        Assert.Equal(ClusterStatus.Fixing, (await app.Clusters.GetAsync(clusterId))!.Status);
    }

    [Fact]
    public async Task A_pull_request_under_the_repositorys_new_name_or_another_host_is_taken()
    {
        // GitHub follows a renamed repository, and its links then carry the new name; GitHub Enterprise has its own host.
        var (renamed, renamedToken, _) = await app.SeedManualJobAsync();
        var (enterprise, enterpriseToken, _) = await app.SeedManualJobAsync();
        var number = Random.Shared.Next(1_000, 1_000_000);

        var first = await Patch(renamed, renamedToken, $$"""{"status":"running","pr_url":"https://github.com/acme/app-renamed/pull/{{number}}"}""");
        var second = await Patch(enterprise, enterpriseToken, $$"""{"status":"running","pr_url":"https://git.acme.example/acme/app/pull/{{number}}"}""");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], [first.StatusCode, second.StatusCode]);
        Assert.Equal(renamed, await app.PullRequests.FindJobAsync(new PullRequestRef("acme/app-renamed", number)));
        Assert.Equal(enterprise, await app.PullRequests.FindJobAsync(new PullRequestRef("acme/app", number)));
    }

    [Fact]
    public async Task A_pull_request_another_job_reported_is_422_and_stays_that_jobs()
    {
        var (first, firstToken, _) = await app.SeedManualJobAsync();
        var (second, secondToken, secondCluster) = await app.SeedManualJobAsync();
        var pullRequest = $"https://github.com/acme/app/pull/{Random.Shared.Next(1_000, 1_000_000)}";
        Assert.Equal(HttpStatusCode.OK, (await Patch(first, firstToken, $$"""{"status":"running","pr_url":"{{pullRequest}}"}""")).StatusCode);

        var response = await Patch(second, secondToken, $$"""{"status":"running","pr_url":"{{pullRequest}}"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(first, (await ClustersApp.ReadJsonAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first, await app.PullRequests.FindJobAsync(PullRequestRef.FromUrl(pullRequest)!));
        var job = await app.Jobs.GetAsync(second);
        Assert.Equal((JobStatus.Queued, null), (job!.Status, job.PrUrl));
        Assert.Equal(ClusterStatus.Fixing, (await app.Clusters.GetAsync(secondCluster))!.Status);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("launching")]
    public async Task An_agent_cannot_report_a_status_only_FeedbackFix_sets(string status)
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, token, $$"""{"status":"{{status}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("status"));
        Assert.Equal(JobStatus.Queued, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    [Fact]
    public async Task Patch_with_malformed_json_and_the_right_token_names_the_field()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, token, """{"status": 5}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("status"));
    }

    [Fact]
    public async Task Cancel_ends_the_job_sends_the_cluster_back_to_new_and_a_second_cancel_is_409()
    {
        var (jobId, _, clusterId) = await app.SeedManualJobAsync();

        var first = await app.Client.PostAsync($"/jobs/{jobId}/cancel", null);
        var second = await app.Client.PostAsync($"/jobs/{jobId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("cancelled", (await ClustersApp.ReadJsonAsync(first))["status"]!.GetValue<string>());
        Assert.Equal(ClusterStatus.New, (await app.Clusters.GetAsync(clusterId))!.Status);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task A_cancel_records_the_cluster_back_to_new_by_the_calling_key_with_the_job()
    {
        var (jobId, _, clusterId) = await app.SeedManualJobAsync();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/jobs/{jobId}/cancel");
        cancel.Headers.Add(ApiHeaders.Caller, "reports-script");

        (await app.Client.SendAsync(cancel)).EnsureSuccessStatusCode();

        Assert.Equal((ActivityType.Status, "reports-script", jobId, ClusterStatus.Fixing, ClusterStatus.New), await LatestActivityAsync(clusterId));
    }

    [Fact]
    public async Task A_failed_report_records_the_cluster_back_to_new_by_the_agent_with_the_job()
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();

        await Patch(jobId, token, """{"status":"failed","error":"tests did not pass"}""");

        Assert.Equal((ActivityType.Status, "agent", jobId, ClusterStatus.Fixing, ClusterStatus.New), await LatestActivityAsync(clusterId));
    }

    [Fact]
    public async Task A_report_on_a_cancelled_job_is_409_so_its_agent_stops_and_adds_nothing()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Patch(jobId, token, """{"status":"running"}""");
        await app.Client.PostAsync($"/jobs/{jobId}/cancel", null);
        var linesBefore = (await app.Jobs.GetLogsAsync(jobId, null, 100)).Count;

        var heartbeat = await Patch(jobId, token, """{"logs":["still working"]}""");

        Assert.Equal(HttpStatusCode.Conflict, heartbeat.StatusCode);
        Assert.Equal("cancelled", (await ClustersApp.ReadJsonAsync(heartbeat))["current_status"]!.GetValue<string>());
        Assert.Equal(linesBefore, (await app.Jobs.GetLogsAsync(jobId, null, 100)).Count);
    }

    [Fact]
    public async Task A_pull_request_reported_after_a_cancel_is_kept_though_the_report_is_409()
    {
        var (jobId, token, clusterId) = await app.SeedManualJobAsync();
        await app.Client.PostAsync($"/jobs/{jobId}/cancel", null);

        var late = await Patch(jobId, token, """{"status":"succeeded","pr_url":"https://github.com/acme/app/pull/9"}""");

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var job = (await app.Jobs.GetAsync(jobId))!;
        Assert.Equal((JobStatus.Cancelled, "https://github.com/acme/app/pull/9"), (job.Status, job.PrUrl));
        Assert.Contains(await app.Jobs.GetLogsAsync(jobId, null, 100), line => line.Line.Contains("pull/9", StringComparison.Ordinal));
        Assert.Equal(ClusterStatus.New, (await app.Clusters.GetAsync(clusterId))!.Status);
    }

    [Fact]
    public async Task Cancel_of_an_unknown_job_is_404()
    {
        var response = await app.Client.PostAsync($"/jobs/{Guid.NewGuid():N}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // The newest entry of the cluster's activity: its type, who, the job, and the status it moved from and to.
    private async Task<(ActivityType, string, string?, ClusterStatus?, ClusterStatus?)> LatestActivityAsync(string clusterId)
    {
        var latest = (await app.Client.GetFromJsonAsync<List<ClusterActivity>>($"/clusters/{clusterId}/activity", ApiJson.Options))![0];
        return (latest.Type, latest.By, latest.JobId, latest.StatusFrom, latest.StatusTo);
    }

    [Fact]
    public async Task A_report_sent_again_with_its_sequence_is_answered_as_before_and_its_lines_appear_once()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();
        const string report = """{"status":"running","logs":["cloning","building"],"sequence":1}""";

        var first = await Patch(jobId, token, report);
        var again = await Patch(jobId, token, report);
        var next = await Patch(jobId, token, """{"logs":["testing"],"sequence":2}""");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [first.StatusCode, again.StatusCode, next.StatusCode]);
        Assert.Equal(["cloning", "building", "testing"], (await app.Jobs.GetLogsAsync(jobId, null, 10)).Select(line => line.Line));
    }

    [Fact]
    public async Task A_closing_report_sent_again_after_it_ended_the_job_is_answered_200_not_409()
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();
        await Patch(jobId, token, """{"status":"running","sequence":1}""");
        const string closing = """{"status":"succeeded","note":"nothing to change","sequence":2}""";

        var first = await Patch(jobId, token, closing);
        var again = await Patch(jobId, token, closing);
        var later = await Patch(jobId, token, """{"log":"still here","sequence":3}""");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict], [first.StatusCode, again.StatusCode, later.StatusCode]);
        Assert.Equal(JobStatus.Succeeded, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9_007_199_254_740_992)] // 2^53: beyond what the report script compares exactly
    public async Task A_sequence_outside_1_to_2_to_the_53rd_less_1_is_a_400_naming_sequence_and_changes_nothing(long sequence)
    {
        var (jobId, token, _) = await app.SeedManualJobAsync();

        var response = await Patch(jobId, token, $$"""{"status":"running","sequence":{{sequence}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ClustersApp.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("sequence"));
        Assert.Equal(JobStatus.Queued, (await app.Jobs.GetAsync(jobId))!.Status);
    }

    private Task<HttpResponseMessage> Patch(string jobId, string token, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/jobs/{jobId}") { Content = ClustersApp.Json(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.Client.SendAsync(request);
    }
}
