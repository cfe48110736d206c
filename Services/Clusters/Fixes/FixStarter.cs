using System.Diagnostics;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clusters.Fixes;

/// <summary>
/// Opens a job for a cluster: the one path behind both start_fix (queued for the orchestrator)
/// and POST /jobs (run by the caller), so both answer 404/409/422 the same way. A job for the
/// orchestrator is refused up front while the orchestrator says it has no GitHub token: it could
/// only fail. A job the caller runs needs no orchestrator (the caller's agent has its own token).
/// </summary>
public sealed partial class FixStarter(
    ClusterStore clusters, JobStore jobs, OrchestratorCapabilitiesStore orchestrator, RepositoryMappingStore repositories, IOptions<FixOptions> options, ILogger<FixStarter> logger)
{
    /// <summary>The launcher recorded on jobs the caller runs itself.</summary>
    public const string ManualLauncher = JobLauncherNames.Manual;

    public const string NoRepositoryDetail =
        "Set github_repo_url on the cluster, map its reports' sources to a repository (PUT /config/repositories), or give the AppHost parameter 'default-repository-url' a value (the setting Fixes:DefaultRepositoryUrl)";

    public const string GitHubNotConfiguredTitle = "GitHub is not configured";

    public const string GitHubNotConfiguredDetail =
        "The agent orchestrator has no GitHub token, so a fix could open neither its issue nor its pull request: " +
        "give the AppHost parameter 'github-token' a value (the orchestrator's setting GitHub:Token) and restart the orchestrator.";

    /// <summary>
    /// Starts a fix; <paramref name="repoUrl"/> (already validated) overrides and is saved on the
    /// cluster; <paramref name="instructions"/> (already validated) go on the job for the agent.
    /// Either the creation or the problem to answer with is set.
    /// </summary>
    public async Task<(JobCreation? Created, ProblemHttpResult? Problem)> StartAsync(
        string clusterId, string? repoUrl, bool enqueue, string? instructions = null, Actor? actor = null)
    {
        var cluster = await clusters.GetAsync(clusterId);
        if (cluster is null)
        {
            return (null, ClusterNotFound(clusterId));
        }
        if (Unfixable(cluster) is { } busy)
        {
            return (null, busy);
        }

        var repository = NonEmpty(repoUrl) ?? cluster.GithubRepoUrl
            ?? await repositories.SuggestForClusterAsync(cluster.Id)
            ?? NonEmpty(options.Value.DefaultRepositoryUrl);
        if (repository is null)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "No repository", detail: NoRepositoryDetail,
                extensions: new Dictionary<string, object?> { ["parameter"] = "default-repository-url", ["setting"] = "Fixes:DefaultRepositoryUrl" }));
        }
        if (enqueue && await OrchestratorLacksGitHubAsync())
        {
            return (null, GitHubNotConfigured());
        }

        var launcher = enqueue ? options.Value.Launcher : ManualLauncher;
        var creation = await jobs.CreateAsync(cluster.Id, repository, launcher, enqueue, Activity.Current?.Id, instructions: instructions, actor: actor);
        switch (creation.Outcome)
        {
            case JobCreationOutcome.ClusterNotFound:
                return (null, ClusterNotFound(clusterId));
            case JobCreationOutcome.ClusterBusy:
                return (null, Busy(creation.Cluster!));
        }

        // Saved only once the job exists, so a refused start leaves the cluster as it was.
        if (NonEmpty(repoUrl) is { } chosen && chosen != cluster.GithubRepoUrl)
        {
            await clusters.ChangeAsync(cluster.Id, new ClusterChanges(GithubRepoUrl: chosen), StatusTransitions.UserMayMove);
        }

        LogJobOpened(creation.Job!.Id, cluster.Id, repository, launcher, enqueue);
        return (creation, null);
    }

    /// <summary>
    /// Starts the next attempt of a job that failed or was cancelled: a new queued job for the same
    /// cluster, repository, launcher and instructions. Either the creation or the problem to answer with is set.
    /// </summary>
    public async Task<(JobCreation? Created, ProblemHttpResult? Problem)> RetryAsync(string jobId, Actor? actor = null)
    {
        var job = await jobs.GetAsync(jobId);
        if (job is null)
        {
            return (null, ApiProblems.NotFound($"There is no job '{jobId}'.", title: "Job not found"));
        }
        if (job.Launcher == ManualLauncher)
        {
            return (null, NotRetryable(job, $"Job '{job.Id}' was run by its caller; open another with POST /jobs."));
        }
        if (job.Status is not (JobStatus.Failed or JobStatus.Cancelled))
        {
            return (null, NotRetryable(job, $"Job '{job.Id}' is '{job.Status.ToRedis()}'; only a failed or cancelled job can be retried."));
        }
        if (await clusters.GetAsync(job.ClusterId) is { } cluster && Unfixable(cluster) is { } busy)
        {
            return (null, busy);
        }
        if (await OrchestratorLacksGitHubAsync())
        {
            return (null, GitHubNotConfigured());
        }

        // Attempts count per cluster: retrying an older job still gets the next number.
        var latest = (await jobs.ListForClusterAsync(job.ClusterId, after: null, limit: 1)).Items.FirstOrDefault();
        var attempt = Math.Max(job.Attempt, latest?.Attempt ?? 0) + 1;
        var creation = await jobs.CreateAsync(job.ClusterId, job.RepoUrl, job.Launcher, enqueue: true, Activity.Current?.Id,
            attempt: attempt, retryOf: job.Id, instructions: job.Instructions, actor: actor);
        switch (creation.Outcome)
        {
            case JobCreationOutcome.ClusterNotFound:
                return (null, ClusterNotFound(job.ClusterId));
            case JobCreationOutcome.ClusterBusy:
                return (null, Busy(creation.Cluster!));
        }

        LogJobRetried(job.Id, job.ClusterId, creation.Job!.Id, creation.Job.Attempt);
        return (creation, null);
    }

    /// <summary>
    /// 422, not 503: the request is sound but cannot be carried out as the system is set up, which no
    /// retry changes (503 is the API's "Redis is unreachable, come back after Retry-After", and clients'
    /// resilience handlers repeat it); start_fix's other refusal for want of a setting (no repository)
    /// is a 422 too.
    /// </summary>
    public static ProblemHttpResult GitHubNotConfigured() => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: GitHubNotConfiguredTitle,
        detail: GitHubNotConfiguredDetail,
        extensions: new Dictionary<string, object?> { ["parameter"] = "github-token", ["setting"] = "GitHub:Token" });

    public static ProblemHttpResult ClusterNotFound(string id) => ApiProblems.NotFound($"There is no cluster '{id}'.", title: "Cluster not found");

    // A cluster that cannot take a fix now says so before any setting is looked at: a missing repository
    // or GitHub token is no reason while a fix runs. The job's creation checks again, atomically.
    private static ProblemHttpResult? Unfixable(IssueCluster cluster) =>
        StatusTransitions.MayStartFix(cluster.Status) ? null : Busy(cluster);

    private static ProblemHttpResult Busy(IssueCluster cluster)
    {
        if (cluster.Status == ClusterStatus.Fixing)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A fix is already running",
                detail: cluster.ActiveJobId is { } active
                    ? $"Cluster '{cluster.Id}' is being fixed by job '{active}'; cancel it or wait for it to end."
                    : $"Cluster '{cluster.Id}' is being fixed already.",
                extensions: new Dictionary<string, object?> { ["active_job_id"] = cluster.ActiveJobId, ["cluster_status"] = cluster.Status.ToRedis() });
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Cluster cannot be fixed now",
            detail: $"Cluster '{cluster.Id}' is '{cluster.Status.ToRedis()}'; set its status to 'new' first to start another fix.",
            extensions: new Dictionary<string, object?> { ["cluster_status"] = cluster.Status.ToRedis() });
    }

    private static ProblemHttpResult NotRetryable(AgentJob job, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Job cannot be retried",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["current_status"] = job.Status.ToRedis() });

    /// <summary>Whether a running orchestrator said it has no GitHub token; when none has said anything, the job is queued as ever.</summary>
    private async Task<bool> OrchestratorLacksGitHubAsync()
    {
        if (await orchestrator.GetAsync() is { GitHubToken: false })
        {
            LogRefusedWithoutGitHub();
            return true;
        }
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a fix: the agent orchestrator has no GitHub token (GitHub:Token, AppHost parameter 'github-token')")]
    private partial void LogRefusedWithoutGitHub();

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened job {JobId} for cluster {ClusterId} on {RepoUrl} with launcher {Launcher}, queued: {Enqueued}")]
    private partial void LogJobOpened(string jobId, string clusterId, string repoUrl, string launcher, bool enqueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying job {RetriedJobId} of cluster {ClusterId} as job {JobId}, attempt {Attempt}")]
    private partial void LogJobRetried(string retriedJobId, string clusterId, string jobId, int attempt);
}
