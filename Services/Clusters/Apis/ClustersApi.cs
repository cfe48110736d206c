// GET   /clusters?status=&q=&min_size=&sort=&cursor=&limit=   a page of clusters: largest, latest reported, rising or newest first
// GET   /clusters/{id}?items_cursor=&items_limit=             one cluster with a page of its feedback
// PATCH /clusters/{id}                                        edit fields; status by the user's transitions
// POST  /clusters/{id}/start_fix                              queue a fix job (202, Location /jobs/{job_id}); Idempotency-Key
// GET   /clusters/{id}/jobs?cursor=&limit=                    the cluster's jobs, newest first

using System.ComponentModel;
using FeedbackFix.Clusters.Curation;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Clusters.Validation;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackFix.Clusters.Apis;

public static class ClustersApi
{
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 5_000;
    public const int IssueDescriptionMaxLength = 20_000;
    public const int SearchMaxLength = 200;
    public const int InstructionsMaxLength = 4_000;

    public static IEndpointRouteBuilder MapClustersApi(this IEndpointRouteBuilder app)
    {
        var clusters = app.MapGroup("/clusters").WithTags("Clusters");
        clusters.MapGet("/", ListClusters)
            .WithSummary("A page of clusters: largest, most recently reported, rising or newest first")
            .WithDescription("Filters combine: status, q (in the title, ignoring case), min_size. sort: size (the default), last_seen, " +
                "trend (highest trend first: recent reports weighed against the cluster's own baseline, decaying with age) or first_seen; " +
                "any other value is a 400 naming sort and the allowed values. Each cluster carries trend, escalating and daily_counts " +
                "(30 numbers, oldest first, the last the current UTC day). Pass next_cursor back as cursor, with the same filters and sort, for the next page.");
        clusters.MapGet("/{id}", GetCluster)
            .WithSummary("One cluster with a page of its feedback")
            .ProducesProblem(StatusCodes.Status404NotFound);
        clusters.MapPatch("/{id}", PatchCluster)
            .WithSummary("Edit a cluster: title, summary, status (new, fixed, ignored), repository, issue text")
            .WithDescription("A person sets new, fixed or ignored; fixing comes with start_fix, fix_proposed and fixed with the job's pull request " +
                "(GitHub's pull_request webhook: open, merged; closed unmerged sends it back to new), regressed with a report joining a fixed cluster. " +
                "A fix_proposed or regressed cluster may be set to new, fixed or ignored; 409 for a move the rules forbid, and for an id whose reports are now in another cluster, merged or moved there (its cluster_id names that one: edit it there).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clusters.MapPost("/{id}/start_fix", StartFix)
            .WithSummary("Generate Fix: queue a job that opens the issue and launches the coding agent")
            .WithDescription("202 with the job; the cluster must be new or regressed (409 otherwise, and while a job of the cluster is active); 422 when neither the request, the cluster nor the settings name a repository, " +
                "or when the agent orchestrator has no GitHub token (\"GitHub is not configured\", naming the AppHost parameter github-token). " +
                "instructions (optional, at most 4,000 characters) are kept on the job and given to the agent after the issue text.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey("start_fix");
        clusters.MapGet("/{id}/jobs", ListClusterJobs)
            .WithSummary("The cluster's jobs, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<Page<IssueCluster>>, ValidationProblem>> ListClusters(
        ClusterStore clusters,
        [Description("Only clusters of this status: new, fixing, fix_proposed, fixed, regressed, ignored."), OneOf<ClusterStatus>] string? status = null,
        [Description("Only clusters whose title contains this text, ignoring case; trimmed, 1-200 characters.")] string? q = null,
        [FromQuery(Name = "min_size"), WholeNumber(1), Description("Only clusters of at least this many reports (a whole number, 1 or more); 2 leaves out single reports.")]
        string? minSize = null,
        [Description("size (the default): largest first; last_seen: the cluster with the newest report first; " +
            "trend: the highest trend first (what is rising); first_seen: the cluster whose first report is newest first."), OneOf<ClusterSort>(Default = "size")] string? sort = null,
        [Description(ParameterDescriptions.Cursor)] string? cursor = null,
        [Description(ParameterDescriptions.Limit), WholeNumber(1, Maximum = PageCursor.MaxLimit, Default = FieldErrorsExtensions.DefaultPageSize)] string? limit = null)
    {
        var errors = new FieldErrors();
        var statusFilter = errors.Enum<ClusterStatus>("status", status);
        var title = errors.TrimmedText("q", q, SearchMaxLength);
        var smallest = errors.WholeNumber("min_size", minSize, min: 1);
        var order = errors.Enum<ClusterSort>("sort", sort) ?? ClusterSort.Size;
        // The list a cursor must name is known only when the status and sort that pick it were taken.
        var (after, pageSize) = errors.Page(cursor, limit, errors.IsEmpty ? ClusterStore.ListOf(order, statusFilter) : null);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await clusters.ListAsync(new ClusterQuery(statusFilter, title, smallest, order, after, pageSize)));
    }

    public static async Task<Results<Ok<ClusterDetailResponse>, ValidationProblem, ProblemHttpResult>> GetCluster(
        [Description(ParameterDescriptions.ClusterIdLeading)] RecordId id,
        ClusterStore clusters,
        RepositoryMappingStore repositories,
        ClusterCurationStore curation,
        [FromQuery(Name = "items_cursor"), Description("Where the page of the cluster's reports starts: the items_next_cursor of the answer before " +
            "(another list's cursor is a 400). Leave it out for the newest.")] string? itemsCursor = null,
        [FromQuery(Name = "items_limit"), WholeNumber(1, Maximum = PageCursor.MaxLimit, Default = FieldErrorsExtensions.DefaultPageSize), Description("How many of the cluster's reports the answer holds: a whole number from 1 to 200; 50 unless given.")]
        string? itemsLimit = null)
    {
        var errors = new FieldErrors();
        // The list is the items of the cluster the id leads to (a merged cluster's id leads to its survivor).
        var (after, pageSize) = errors.Page(itemsCursor, itemsLimit, list: null, prefix: "items_");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var cluster = await clusters.GetAsync(id);
        if (cluster is null)
        {
            return FixStarter.ClusterNotFound(id);
        }
        // A cursor of the id asked for goes on through the cluster it leads to, also when it was merged between pages.
        after = errors.CursorOf("items_cursor", after, ClusterStore.ItemsListOf(cluster.Id), ClusterStore.ItemsListOf(id));
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var items = await clusters.GetItemsAsync(cluster.Id, after, pageSize);
        var suggested = cluster.GithubRepoUrl is null ? await repositories.SuggestForClusterAsync(cluster.Id) : null;
        var merged = await curation.GetMergedClustersAsync(cluster.Id);
        return TypedResults.Ok(new ClusterDetailResponse(cluster, items.Items, items.NextCursor)
        {
            SuggestedRepoUrl = suggested,
            MergedFrom = [.. merged.Select(m => m.Id)],
            MergedClusters = merged,
        });
    }

    public static async Task<Results<Ok<IssueCluster>, ValidationProblem, ProblemHttpResult>> PatchCluster(
        [Description("The cluster's id; the id of a cluster merged into another is a 409 naming the cluster it went into.")] RecordId id,
        ClusterPatch patch, ClusterStore clusters, HttpRequest http)
    {
        var errors = new FieldErrors();
        if (patch.IsEmpty)
        {
            errors.Add("body", "body must name at least one of: title, summary, status, github_repo_url, issue_title, issue_description.");
        }
        errors.NotBlank("title", patch.Title, TitleMaxLength);
        errors.MaxLength("summary", patch.Summary, SummaryMaxLength);
        var status = errors.Enum<ClusterStatus>("status", patch.Status, inBody: true);
        errors.GithubRepository("github_repo_url", patch.GithubRepoUrl, allowEmpty: true);
        errors.MaxLength("issue_title", patch.IssueTitle, TitleMaxLength);
        errors.MaxLength("issue_description", patch.IssueDescription, IssueDescriptionMaxLength);
        errors.Characters("title", patch.Title);
        errors.Visible("title", patch.Title);
        errors.Characters("summary", patch.Summary);
        errors.Characters("issue_title", patch.IssueTitle);
        errors.Visible("issue_title", patch.IssueTitle);
        errors.Characters("issue_description", patch.IssueDescription);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var changes = new ClusterChanges(patch.Title?.Trim(), patch.Summary, status, patch.GithubRepoUrl, patch.IssueTitle, patch.IssueDescription);
        // An edit meant for a cluster merged away must not land on the one it was merged into.
        var result = await clusters.ChangeAsync(id, changes, StatusTransitions.UserMayMove, CallerActor.From(http), followMerged: false);
        return result.Outcome switch
        {
            ChangeOutcome.Changed => TypedResults.Ok(result.Record!),
            ChangeOutcome.NotFound => FixStarter.ClusterNotFound(id),
            ChangeOutcome.MergedAway => MergedAway(id, result.Record!),
            _ => ForbiddenMove(result.Record!.Status, status!.Value),
        };
    }

    public static async Task<Results<Accepted<FixStarted>, ValidationProblem, ProblemHttpResult>> StartFix(
        [Description("The cluster's id; the id of a cluster merged into another starts the fix of the cluster that absorbed it.")] RecordId id,
        FixStarter starter, HttpRequest http, [FromBody] StartFixRequest? request = null)
    {
        var errors = new FieldErrors();
        errors.GithubRepository("github_repo_url", request?.GithubRepoUrl, allowEmpty: false);
        errors.NotBlank("instructions", request?.Instructions, InstructionsMaxLength);
        errors.Characters("instructions", request?.Instructions);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (created, problem) = await starter.StartAsync(id, request?.GithubRepoUrl, enqueue: true, request?.Instructions, CallerActor.From(http));
        if (problem is not null)
        {
            return problem;
        }
        var job = created!.Job!;
        return TypedResults.Accepted($"/jobs/{job.Id}", FixStarted.From(job));
    }

    public static async Task<Results<Ok<Page<AgentJob>>, ValidationProblem, ProblemHttpResult>> ListClusterJobs(
        [Description(ParameterDescriptions.ClusterIdLeading)] RecordId id, ClusterStore clusters, JobStore jobs,
        [Description(ParameterDescriptions.Cursor)] string? cursor = null, [Description(ParameterDescriptions.Limit), WholeNumber(1, Maximum = PageCursor.MaxLimit, Default = FieldErrorsExtensions.DefaultPageSize)] string? limit = null)
    {
        var errors = new FieldErrors();
        // The list is the jobs of the cluster the id leads to (a merged cluster's id leads to its survivor).
        var (after, pageSize) = errors.Page(cursor, limit, list: null);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var cluster = await clusters.GetAsync(id);
        if (cluster is null)
        {
            return FixStarter.ClusterNotFound(id);
        }
        // A cursor of the id asked for goes on through the cluster it leads to, also when it was merged between pages.
        after = errors.CursorOf("cursor", after, JobStore.ClusterJobsListOf(cluster.Id), JobStore.ClusterJobsListOf(id));
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await jobs.ListForClusterAsync(cluster.Id, after, pageSize));
    }

    private static ProblemHttpResult MergedAway(string id, IssueCluster into) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Cluster merged away",
        detail: $"Cluster '{id}' is no cluster of its own any more: its reports are in cluster '{into.Id}' (merged into it, or moved there). Edit that one.",
        extensions: new Dictionary<string, object?> { ["cluster_id"] = into.Id });

    private static ProblemHttpResult ForbiddenMove(ClusterStatus current, ClusterStatus requested) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Status change not allowed",
        detail: $"A cluster that is '{current.ToRedis()}' cannot be set to '{requested.ToRedis()}'."
            + (current == ClusterStatus.Fixing || requested == ClusterStatus.Fixing
                ? " 'fixing' is entered by start_fix and left when its job ends or is cancelled."
                : "")
            + (requested is ClusterStatus.FixProposed or ClusterStatus.Regressed
                ? " 'fix_proposed' follows the job's pull request and 'regressed' a report joining a fixed cluster; neither is set by hand."
                : ""),
        extensions: new Dictionary<string, object?>
        {
            ["current_status"] = current.ToRedis(),
            ["requested_status"] = requested.ToRedis(),
        });
}
