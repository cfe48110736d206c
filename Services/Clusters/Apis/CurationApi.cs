// POST /clusters/{id}/merge     {"into": "<id>"}                 the cluster's reports join "into"; 200 with the target
// POST /clusters/{id}/unmerge                                     a merged-away cluster comes back; 200 with it
// POST /clusters/{id}/items     {"feedback_ids": [...]}          moves reports into the cluster; 200 with it
// POST /clusters                {"feedback_ids": [...], "title"}  splits reports out into a new cluster; 201 with it
// GET  /clusters/{id}/activity                                    what happened to the cluster, newest first

using System.ComponentModel;
using FeedbackFix.Clusters.Curation;
using FeedbackFix.Clusters.Fixes;
using FeedbackFix.Clusters.Validation;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Clusters.Apis;

public static class CurationApi
{
    public static IEndpointRouteBuilder MapCurationApi(this IEndpointRouteBuilder app)
    {
        var clusters = app.MapGroup("/clusters").WithTags("Curation");
        clusters.MapPost("/{id}/merge", Merge)
            .WithSummary("Merge the cluster into another: its reports join the target")
            .WithDescription("200 with the target. The merged-away cluster is kept, so the merge can be undone (unmerge); " +
                "GET of its id resolves to the target, which lists it in merged_from. The clustering worker never undoes a person's merge. " +
                "409 while either cluster is fixing, or when the cluster was merged already.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clusters.MapPost("/{id}/unmerge", Unmerge)
            .WithSummary("Undo the merge of this merged-away cluster")
            .WithDescription("200 with the cluster, back with the reports it had, except those a person moved since. " +
                "The worker never merges the two again. 409 when the cluster is not merged, or was merged before merged clusters were kept.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clusters.MapPost("/{id}/items", MoveItems)
            .WithSummary("Move reports into the cluster")
            .WithDescription("200 with the cluster. A report a person moved never moves again by itself. " +
                "feedback_ids: 1-1,000 report ids; 404 naming an unknown one, 409 while this cluster or one they leave is fixing.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clusters.MapPost("/", Split)
            .WithSummary("Split reports out into a new cluster")
            .WithDescription("201 with the new cluster (Location /clusters/{id}). feedback_ids: 1-1,000 report ids; title: 1-300 characters. " +
                "The worker never merges the new cluster with the ones the reports left.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        clusters.MapGet("/{id}/activity", GetActivity)
            .WithSummary("What happened to the cluster, newest first")
            .WithDescription("Entries {at, type, by, ...}: type created, joined, merged, unmerged, moved, split, status, job or deleted; " +
                "by is worker, agent (a job's agent ended it), orchestrator (it failed a job), github (a pull request), " +
                "an API key's name, or the person the dashboard acted for (via then names its key). " +
                $"The newest {ClusterActivityLog.Capacity} entries are kept.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IssueCluster>, ValidationProblem, ProblemHttpResult>> Merge(
        [Description("The id of the cluster to merge into another.")] RecordId id, MergeRequest request, HttpRequest http,
        ClusterCurationStore curation, ClusterStore clusters)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.Into))
        {
            errors.Add("into", "into is required: the id of the cluster to merge into.");
        }
        var into = errors.Matches("into", request.Into, RecordId.IsValid, $"into must name a cluster: {RecordId.Rule}.");
        if (into == id.Value)
        {
            errors.Add("into", "into must name another cluster than the one merged.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return await AnswerAsync(await curation.MergeAsync(id.Value, into!, CallerActor.From(http)), clusters);
    }

    public static async Task<Results<Ok<IssueCluster>, ValidationProblem, ProblemHttpResult>> Unmerge(
        [Description("The id of a cluster merged into another, to restore.")] RecordId id, HttpRequest http,
        ClusterCurationStore curation, ClusterStore clusters) =>
        await AnswerAsync(await curation.UnmergeAsync(id.Value, CallerActor.From(http)), clusters);

    public static async Task<Results<Ok<IssueCluster>, ValidationProblem, ProblemHttpResult>> MoveItems(
        [Description("The id of the cluster the reports move into.")] RecordId id, MoveItemsRequest request, HttpRequest http,
        ClusterCurationStore curation, ClusterStore clusters)
    {
        var errors = new FieldErrors();
        var feedbackIds = FeedbackIds(errors, request.FeedbackIds);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return await AnswerAsync(await curation.MoveAsync(id.Value, feedbackIds, CallerActor.From(http)), clusters);
    }

    public static async Task<Results<Created<IssueCluster>, ValidationProblem, ProblemHttpResult>> Split(
        SplitRequest request, HttpRequest http, ClusterCurationStore curation, ClusterStore clusters)
    {
        var errors = new FieldErrors();
        var feedbackIds = FeedbackIds(errors, request.FeedbackIds);
        errors.Required("title", request.Title, ClustersApi.TitleMaxLength);
        errors.Characters("title", request.Title);
        errors.Visible("title", request.Title);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var result = await curation.SplitAsync(feedbackIds, request.Title!.Trim(), CallerActor.From(http));
        if (result.Outcome != CurationOutcome.Done)
        {
            return Refusal(result);
        }
        // Gone already only when all its reports were deleted since (the split itself is done).
        return await clusters.GetAsync(result.ClusterId!) is { } cluster
            ? TypedResults.Created($"/clusters/{cluster.Id}", cluster)
            : FixStarter.ClusterNotFound(result.ClusterId!);
    }

    public static async Task<Results<Ok<IReadOnlyList<ClusterActivity>>, ProblemHttpResult>> GetActivity(
        [Description("The cluster's id; a cluster merged into another still answers with its own activity.")] RecordId id,
        ClusterCurationStore curation) =>
        await curation.GetActivityAsync(id.Value) is { } activity ? TypedResults.Ok(activity) : FixStarter.ClusterNotFound(id.Value);

    private static List<string> FeedbackIds(FieldErrors errors, IReadOnlyList<string>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            errors.Add("feedback_ids", "feedback_ids must list at least one report id.");
            return [];
        }
        if (ids.Count > ClusterCurationStore.MaxFeedbackIds)
        {
            errors.Add("feedback_ids", $"feedback_ids may list at most {ClusterCurationStore.MaxFeedbackIds} report ids.");
            return [];
        }
        for (var i = 0; i < ids.Count; i++)
        {
            if (!RecordId.IsValid(ids[i]))
            {
                errors.Add($"feedback_ids[{i}]", $"A report id must be {RecordId.Rule}.");
            }
        }
        return [.. ids];
    }

    private static async Task<Results<Ok<IssueCluster>, ValidationProblem, ProblemHttpResult>> AnswerAsync(CurationResult result, ClusterStore clusters)
    {
        if (result.Outcome != CurationOutcome.Done)
        {
            return Refusal(result);
        }
        return await clusters.GetAsync(result.ClusterId!) is { } cluster ? TypedResults.Ok(cluster) : FixStarter.ClusterNotFound(result.ClusterId!);
    }

    private static ProblemHttpResult Refusal(CurationResult result) => result.Outcome switch
    {
        CurationOutcome.NotFound => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: $"No cluster or report has the id '{result.Subject}'.",
            extensions: new Dictionary<string, object?> { ["id"] = result.Subject }),
        CurationOutcome.Fixing => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Cluster is being fixed",
            detail: $"Cluster '{result.Subject}' is fixing: a fix job works on its reports, so they cannot be curated until the job ends (or is cancelled).",
            extensions: new Dictionary<string, object?> { ["cluster_id"] = result.Subject }),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Curation not possible",
            detail: result.Reason,
            extensions: new Dictionary<string, object?> { ["cluster_id"] = result.Subject }),
    };
}
