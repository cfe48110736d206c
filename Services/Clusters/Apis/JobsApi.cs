// GET   /jobs?status=&cursor=&limit=            a page of jobs, newest first
// GET   /jobs/{id}                              one job (never its token)
// POST  /jobs                                   a job the caller runs itself (201, with its token, once)
// POST  /jobs/{id}/cancel                       cancel a job that has not ended
// POST  /jobs/{id}/retry                        the next attempt of a failed or cancelled job (202, a new job)
// PATCH /jobs/{id}                              the agent's report; only with that job's own token
// GET   /jobs/{id}/logs?after=&limit=&follow=   log lines; follow=true streams server-sent events

using System.ComponentModel;
using FeedbackFix.Clusters.Auth;
using FeedbackFix.Clusters.Curation;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Clusters.Logs;
using FeedbackFix.Clusters.Validation;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Clusters.Apis;

public static partial class JobsApi
{
    public const int DefaultLogLimit = 200;
    public const int MaxLogLimit = 1_000;
    public const int MaxLinesPerReport = 1_000;
    public const int TextMaxLength = 4_000;
    public const int UrlMaxLength = 2_048;

    /// <summary>The highest report number: the largest whole number the store's scripts compare exactly (2^53 - 1).</summary>
    public const long MaxSequence = 9_007_199_254_740_991;
    private const string LogCategory = "FeedbackFix.Clusters.Jobs";

    // The statuses an agent's report may find its job in; an ended job takes none.
    private static readonly JobStatus[] ActiveStatuses = [.. Enum.GetValues<JobStatus>().Where(s => !StatusTransitions.IsTerminal(s))];

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobs)
            .WithSummary("A page of jobs, newest first");
        jobs.MapGet("/{id}", GetJob)
            .WithSummary("One job (never its token)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/", CreateJob)
            .WithSummary("A job the caller runs itself; the answer holds its token, once")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapPost("/{id}/cancel", CancelJob)
            .WithSummary("Cancel a job that has not ended; its agent is stopped and the cluster goes back to new")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapPost("/{id}/retry", RetryJob)
            .WithSummary("Queue the next attempt of a failed or cancelled job, as a new job")
            .WithDescription("202 with the new job; 409 unless the job failed or was cancelled, or while another job of its cluster is active; " +
                "422 when the agent orchestrator has no GitHub token (\"GitHub is not configured\", naming the AppHost parameter github-token).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapPatch("/{id}", PatchJob)
            .RequireAuthorization(JobTokenAuthorization.Policy)
            .WithSummary("The agent's report: status, log lines, pull request, error or note; an empty body is a heartbeat")
            .WithDescription($"Only with the job's own token. 409 once the job has ended, which tells a running agent to stop; " +
                "422 for a pull request another job reported, which stays that job's. " +
                $"At most {MaxLinesPerReport} log lines a report; a line longer than {JobStore.MaxLogLineLength} characters is kept cut to that, ending in \"{JobStore.CutMarker}\".")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapGet("/{id}/logs", GetJobLogs)
            .WithSummary("The job's log lines; follow=true streams them as server-sent events")
            .WithDescription("Without follow: JSON, lines after `after`, at most `limit`; pass `next_after` back for more. " +
                "With follow=true: text/event-stream, one event per line (id: the line's id, data: its text) as the agent reports them; " +
                "a reconnecting client sends Last-Event-ID and resumes after it.")
            .AddOpenApiOperationTransformer(JsonAndEventStream.DescribeAsync<JobLogsResponse>)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<Page<AgentJob>>, ValidationProblem>> ListJobs(
        JobStore jobs,
        [Description("Only jobs of this status: queued, launching, running, succeeded, failed, cancelled."), OneOf<JobStatus>] string? status = null,
        [Description(ParameterDescriptions.Cursor)] string? cursor = null,
        [Description(ParameterDescriptions.Limit), WholeNumber(1, Maximum = PageCursor.MaxLimit, Default = FieldErrorsExtensions.DefaultPageSize)] string? limit = null)
    {
        var errors = new FieldErrors();
        var statusFilter = errors.Enum<JobStatus>("status", status);
        // The list a cursor must name is known only when the status that picks it was taken.
        var (after, pageSize) = errors.Page(cursor, limit, errors.IsEmpty ? JobStore.ListOf(statusFilter) : null);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await jobs.ListAsync(statusFilter, after, pageSize));
    }

    public static async Task<Results<Ok<AgentJob>, ProblemHttpResult>> GetJob([Description(ParameterDescriptions.JobId)] RecordId id, JobStore jobs) =>
        await jobs.GetAsync(id) is { } job ? TypedResults.Ok(job) : JobNotFound(id);

    public static async Task<Results<Created<ManualJobResponse>, ValidationProblem, ProblemHttpResult>> CreateJob(
        CreateJobRequest request, FixStarter starter, HttpRequest http)
    {
        var errors = new FieldErrors();
        errors.Id("cluster_id", request.ClusterId);
        errors.GithubRepository("github_repo_url", request.GithubRepoUrl, allowEmpty: false);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (created, problem) = await starter.StartAsync(request.ClusterId!, request.GithubRepoUrl, enqueue: false, actor: CallerActor.From(http));
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Created($"/jobs/{created!.Job!.Id}", new ManualJobResponse(created.Job, created.Token!));
    }

    public static async Task<Results<Ok<AgentJob>, ValidationProblem, ProblemHttpResult>> CancelJob(
        [Description(ParameterDescriptions.JobId)] RecordId id, JobStore jobs, ILoggerFactory loggers, HttpRequest http)
    {
        var result = await jobs.ChangeAsync(id, new JobChanges(JobStatus.Cancelled), actor: CallerActor.From(http));
        if (result.Outcome == ChangeOutcome.Changed)
        {
            LogJobCancelled(loggers.CreateLogger(LogCategory), id, result.Record!.ClusterId);
        }
        return Answer(id, result, JobStatus.Cancelled);
    }

    public static async Task<Results<Accepted<FixStarted>, ValidationProblem, ProblemHttpResult>> RetryJob(
        [Description("The id of the failed or cancelled job to try again.")] RecordId id, FixStarter starter, HttpRequest http)
    {
        var (created, problem) = await starter.RetryAsync(id, CallerActor.From(http));
        if (problem is not null)
        {
            return problem;
        }
        var job = created!.Job!;
        return TypedResults.Accepted($"/jobs/{job.Id}", FixStarted.From(job));
    }

    /// <summary>An agent's report; the job's own token was checked (policy <c>job-token</c>) before the body was read.</summary>
    public static Task<Results<Ok<AgentJob>, ValidationProblem, ProblemHttpResult>> PatchJob(
        [Description(ParameterDescriptions.JobId)] RecordId id, JobReport? report, JobStore jobs, ILoggerFactory loggers) =>
        ApplyReport(id, report ?? JobReport.Heartbeat, jobs, loggers.CreateLogger(LogCategory));

    /// <summary>The part of PATCH /jobs/{id} after the token was accepted.</summary>
    public static async Task<Results<Ok<AgentJob>, ValidationProblem, ProblemHttpResult>> ApplyReport(
        string id, JobReport patch, JobStore jobs, ILogger logger)
    {
        var errors = new FieldErrors();
        var status = errors.Enum<JobStatus>("status", patch.Status, inBody: true);
        var lines = new List<string>();
        for (var i = 0; i < (patch.Logs?.Count ?? 0); i++)
        {
            if (patch.Logs![i] is { } line)
            {
                lines.Add(line);
            }
            else
            {
                errors.Add($"logs[{i}]", $"logs[{i}] must be a string.");
            }
        }
        if (patch.Log is not null)
        {
            lines.Add(patch.Log);
        }
        if (lines.Count > MaxLinesPerReport)
        {
            var field = patch.Logs is null ? "log" : "logs";
            errors.Add(field, $"{field} may carry at most {MaxLinesPerReport} lines per report.");
        }
        if (status is JobStatus.Queued or JobStatus.Launching)
        {
            errors.Add("status", $"An agent reports running, succeeded, failed or cancelled; '{status.Value.ToRedis()}' is set by FeedbackFix alone.");
        }
        errors.HttpsUrl("pr_url", patch.PrUrl, UrlMaxLength);
        // A pull request is matched to GitHub's deliveries by its repository and number, whichever host
        // (GitHub Enterprise) and whatever the repository is called now (GitHub follows a renamed one).
        if (errors.IsEmpty && patch.PrUrl is { } reported && PullRequestRef.FromUrl(reported) is null)
        {
            errors.Add("pr_url", "pr_url must be a pull request's link, such as https://github.com/{owner}/{repo}/pull/{number}.");
        }
        errors.MaxLength("error", patch.Error, TextMaxLength);
        errors.MaxLength("note", patch.Note, TextMaxLength);
        if (patch.Sequence is < 1 or > MaxSequence)
        {
            errors.Add("sequence", $"sequence must be a whole number from 1 to {MaxSequence}.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // An ended job takes no more reports (only from an active status, checked in the report's own
        // script): the answer (409) tells a still-running agent to stop. A pull request it opened all the
        // same is kept, so no PR is lost to a cancel that came first, even one that lands while the report
        // is applied. A retry of a report applied before the job ended is answered as then.
        var result = await jobs.ChangeAsync(id, new JobChanges(status, lines, patch.PrUrl, patch.Error, patch.Note, ReportSequence: patch.Sequence),
            onlyFrom: ActiveStatuses, actor: Actor.Agent);
        if (result is { Outcome: ChangeOutcome.Forbidden, Record: { } ended } && StatusTransitions.IsTerminal(ended.Status)
            && patch.PrUrl is { } late && ended.PrUrl is null)
        {
            var kept = await jobs.ChangeAsync(id, new JobChanges(
                Logs: [$"the agent opened {late} after the job had ended as '{ended.Status.ToRedis()}'"], PrUrl: late));
            if (kept.Outcome == ChangeOutcome.Changed)
            {
                LogLatePullRequest(logger, id, ended.Status.ToRedis());
            }
        }
        else if (result.Outcome == ChangeOutcome.Changed && status is { } moved)
        {
            LogJobReported(logger, id, moved.ToRedis(), lines.Count);
        }
        return Answer(id, result, status);
    }

    public static async Task<Results<Ok<JobLogsResponse>, ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult>> GetJobLogs(
        [Description(ParameterDescriptions.JobId)] RecordId id,
        JobStore jobs,
        JobLogStream stream,
        [Description("Only the lines after this line id (such as 1732800000000-0): the next_after of the answer before. Leave it out for the first lines.")]
        string? after = null,
        [Description("How many lines the answer holds: a whole number from 1 to 1000; 200 unless given. A stream (follow=true) sends every line."), WholeNumber(1, Maximum = MaxLogLimit, Default = DefaultLogLimit)] string? limit = null,
        [Description("true streams the lines as server-sent events as the agent reports them, until the job ends; false (the default) answers JSON once."), TrueOrFalse(false)]
        string? follow = null,
        [FromHeader(Name = "Last-Event-ID"), Description("With follow=true, sent by a reconnecting event stream: the id of the last line it had; the stream resumes after it.")]
        string? lastEventId = null)
    {
        var errors = new FieldErrors();
        var afterId = errors.StreamId("after", after);
        var resumeId = errors.StreamId("Last-Event-ID", lastEventId);
        var count = errors.Limit("limit", limit, DefaultLogLimit, MaxLogLimit);
        var following = errors.Flag("follow", follow) ?? false;
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (await jobs.GetAsync(id) is null)
        {
            return JobNotFound(id);
        }

        if (following)
        {
            // A reconnecting EventSource says where it got to; that wins over the original query.
            return TypedResults.ServerSentEvents(stream.FollowAsync(id, resumeId ?? afterId));
        }

        var lines = await jobs.GetLogsAsync(id, afterId, count);
        return TypedResults.Ok(new JobLogsResponse(lines, lines.Count == count ? lines[^1].Id : null));
    }

    private static Results<Ok<AgentJob>, ValidationProblem, ProblemHttpResult> Answer(
        string id, ChangeResult<AgentJob> result, JobStatus? requested) => result.Outcome switch
        {
            ChangeOutcome.Changed => TypedResults.Ok(result.Record!),
            ChangeOutcome.NotFound => JobNotFound(id),
            // Not 409, which tells an agent its job has ended.
            ChangeOutcome.Conflict => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Pull request of another job", detail: result.Reason),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Status change not allowed",
                detail: StatusTransitions.IsTerminal(result.Record!.Status)
                    ? $"Job '{id}' has already ended as '{result.Record.Status.ToRedis()}'."
                    : $"A job that is '{result.Record.Status.ToRedis()}' cannot become '{requested?.ToRedis()}'.",
                extensions: new Dictionary<string, object?>
                {
                    ["current_status"] = result.Record.Status.ToRedis(),
                    ["requested_status"] = requested?.ToRedis(),
                }),
        };


    private static ProblemHttpResult JobNotFound(string id) => ApiProblems.NotFound($"There is no job '{id}'.", title: "Job not found");

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled job {JobId} of cluster {ClusterId}")]
    private static partial void LogJobCancelled(ILogger logger, RecordId jobId, string clusterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} reported a pull request after it had ended as {JobStatus}")]
    private static partial void LogLatePullRequest(ILogger logger, string jobId, string jobStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} reported {JobStatus} with {LineCount} log lines")]
    private static partial void LogJobReported(ILogger logger, string jobId, string jobStatus, int lineCount);
}
