using FeedbackFix.Clusters.Apis;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clusters.Tests;

/// <summary>Handlers called as plain methods, over real stores, with no HTTP in between.</summary>
public sealed class HandlerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private FeedbackStore Feedback => new(redis.Connection, TimeProvider.System);
    private ClusterStore Clusters => new(redis.Connection, Feedback, TimeProvider.System);
    private JobStore Jobs => new(redis.Connection, Clusters, TimeProvider.System);

    private FixStarter Starter(string? defaultRepo = null) => new(
        Clusters, Jobs, new OrchestratorCapabilitiesStore(redis.Connection, TimeProvider.System), new RepositoryMappingStore(redis.Connection),
        Options.Create(new FixOptions { DefaultRepositoryUrl = defaultRepo }), NullLogger<FixStarter>.Instance);

    [Fact]
    public async Task PatchCluster_changes_the_title_and_keeps_other_fields()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("Old", "Sum", []));

        var result = await ClustersApi.PatchCluster(Id(cluster.Id), new ClusterPatch(Title: "  New title "), Clusters, Caller);

        var ok = Assert.IsType<Ok<IssueCluster>>(result.Result);
        Assert.Equal("New title", ok.Value!.Title);
        Assert.Equal("Sum", ok.Value.Summary);
    }

    [Fact]
    public async Task PatchCluster_refuses_entering_fixing_with_409_naming_both_statuses()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", []));

        var result = await ClustersApi.PatchCluster(Id(cluster.Id), new ClusterPatch(Status: "fixing"), Clusters, Caller);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal("new", problem.ProblemDetails.Extensions["current_status"]);
        Assert.Equal("fixing", problem.ProblemDetails.Extensions["requested_status"]);
        Assert.Equal(ClusterStatus.New, (await Clusters.GetAsync(cluster.Id))!.Status);
    }

    [Fact]
    public async Task PatchCluster_with_bad_fields_names_each_and_changes_nothing()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", []));

        var result = await ClustersApi.PatchCluster(Id(cluster.Id),
            new ClusterPatch(Title: "", Status: "closed", GithubRepoUrl: "https://github.com/acme"), Clusters, Caller);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(["github_repo_url", "status", "title"], problem.ProblemDetails.Errors.Keys.Order());
        Assert.Equal(cluster, await Clusters.GetAsync(cluster.Id));
    }

    [Fact]
    public async Task StartFix_uses_the_configured_default_repository_when_the_cluster_has_none()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", []));

        var result = await ClustersApi.StartFix(Id(cluster.Id), Starter("https://github.com/acme/default"), Caller);

        var accepted = Assert.IsType<Accepted<FixStarted>>(result.Result);
        Assert.Equal($"/jobs/{accepted.Value!.JobId}", accepted.Location);
        Assert.Equal(JobStatus.Queued, accepted.Value.Status);
        var job = await Jobs.GetAsync(accepted.Value.JobId);
        Assert.Equal("https://github.com/acme/default", job!.RepoUrl);
        Assert.Equal("process", job.Launcher);
    }

    [Fact]
    public async Task StartFix_with_a_repository_in_the_body_saves_it_on_the_cluster()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", [], "https://github.com/acme/old"));

        var result = await ClustersApi.StartFix(Id(cluster.Id), Starter(), Caller, new StartFixRequest("https://github.com/acme/new"));

        var accepted = Assert.IsType<Accepted<FixStarted>>(result.Result);
        Assert.Equal("https://github.com/acme/new", (await Jobs.GetAsync(accepted.Value!.JobId))!.RepoUrl);
        Assert.Equal("https://github.com/acme/new", (await Clusters.GetAsync(cluster.Id))!.GithubRepoUrl);
    }

    [Fact]
    public async Task StartFix_without_any_repository_is_422_and_leaves_the_cluster_new()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", []));

        var result = await ClustersApi.StartFix(Id(cluster.Id), Starter(), Caller);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        Assert.Equal(FixStarter.NoRepositoryDetail, problem.ProblemDetails.Detail);
        Assert.Equal(ClusterStatus.New, (await Clusters.GetAsync(cluster.Id))!.Status);
    }

    [Fact]
    public async Task StartFix_on_a_fixed_cluster_is_409_saying_to_set_it_new_first()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", [], "https://github.com/acme/app"));
        await Clusters.ChangeAsync(cluster.Id, new ClusterChanges(Status: ClusterStatus.Fixed), StatusTransitions.UserMayMove);

        var result = await ClustersApi.StartFix(Id(cluster.Id), Starter(), Caller);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Contains("'new' first", problem.ProblemDetails.Detail);
    }

    [Fact]
    public async Task ApplyReport_refuses_more_than_a_thousand_lines_and_writes_none()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", [], "https://github.com/acme/app"));
        var created = await Jobs.CreateAsync(cluster.Id, "https://github.com/acme/app", "manual", enqueue: false, null);
        var lines = Enumerable.Range(0, 1001).Select(i => (string?)$"line {i}").ToList();

        var result = await JobsApi.ApplyReport(created.Job!.Id, new JobReport(Logs: lines), Jobs, NullLogger.Instance);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Contains("logs", problem.ProblemDetails.Errors.Keys);
        Assert.Empty(await Jobs.GetLogsAsync(created.Job.Id, null, 10));
    }

    [Fact]
    public async Task ApplyReport_appends_logs_and_one_line_in_order()
    {
        var cluster = await Clusters.CreateAsync(new NewCluster("T", "S", [], "https://github.com/acme/app"));
        var created = await Jobs.CreateAsync(cluster.Id, "https://github.com/acme/app", "manual", enqueue: false, null);

        var result = await JobsApi.ApplyReport(created.Job!.Id, new JobReport(Status: "running", Logs: ["a", "b"], Log: "c"), Jobs, NullLogger.Instance);

        var ok = Assert.IsType<Ok<AgentJob>>(result.Result);
        Assert.Equal(JobStatus.Running, ok.Value!.Status);
        Assert.NotNull(ok.Value.HeartbeatAt);
        Assert.Equal(["a", "b", "c"], (await Jobs.GetLogsAsync(created.Job.Id, null, 10)).Select(l => l.Line));
    }

    [Fact]
    public async Task CancelJob_on_an_unknown_job_is_404()
    {
        var result = await JobsApi.CancelJob(Id("no-such-job"), Jobs, NullLoggerFactory.Instance, Caller);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status404NotFound, problem.StatusCode);
    }

    private static RecordId Id(string id) => RecordId.Parse(id, null);

    // A request as one that did not come through the gateway: no caller named.
    private static HttpRequest Caller => new DefaultHttpContext().Request;
}
