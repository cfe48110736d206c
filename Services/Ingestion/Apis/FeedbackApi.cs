using System.ComponentModel;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain;
using FeedbackFix.Domain.Stores;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Apis;

// GET /feedback        newest first; ?source=reddit|sentry|github|manual &unclustered=true|false &cursor= &limit=1..200 (50)
// GET /feedback/{id}   one item; 404 when unknown
// DELETE /feedback/{id} deletes the report: gone from its cluster, never ingested again from its source id
public static class FeedbackApi
{
    public const int DefaultLimit = 50;
    private const string ReportId = "The report's id.";

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/feedback").WithTags("Feedback");
        feedback.MapGet("", ListFeedbackAsync)
            .WithSummary("A page of feedback, newest first; filter by source and by whether it is clustered");
        feedback.MapGet("/{id}", GetFeedbackAsync)
            .WithSummary("One piece of feedback")
            .ProducesProblem(StatusCodes.Status404NotFound);
        feedback.MapDelete("/{id}", DeleteFeedbackAsync)
            .WithSummary("Delete a report (a privacy request, spam)")
            .WithDescription("204. The report leaves its cluster, whose counts and summary follow and whose activity says a report was deleted; " +
                "the same report from its source (same source id) is a duplicate from now on and is never stored again. " +
                "409 while its cluster is fixing.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static string Location(string id) => $"/feedback/{id}";

    // Query values are bound as text and checked here, so a bad one is named like any other field.
    public static async Task<Results<Ok<Page<FeedbackItem>>, ValidationProblem>> ListFeedbackAsync(
        [Description("Only reports from this source: reddit, sentry, github, manual."), OneOf<FeedbackSource>] string? source,
        [Description("true: only reports not in a cluster yet; false: only reports in one. Both unless given."), TrueOrFalse] string? unclustered,
        [Description(ParameterDescriptions.Cursor)] string? cursor,
        [Description(ParameterDescriptions.Limit), WholeNumber(1, Maximum = PageCursor.MaxLimit, Default = DefaultLimit)] string? limit,
        FeedbackStore store)
    {
        var errors = new FieldErrors();
        if (ParseQuery(source, unclustered, cursor, limit, errors) is not { } query)
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(await store.ListAsync(query));
    }

    public static async Task<Results<Ok<FeedbackItem>, ProblemHttpResult>> GetFeedbackAsync([Description(ReportId)] RecordId id, FeedbackStore store) =>
        await store.GetAsync(id) is { } item
            ? TypedResults.Ok(item)
            : ApiProblems.NotFound($"There is no feedback with id '{id}'.");

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteFeedbackAsync(
        [Description(ReportId)] RecordId id, HttpRequest http, ClusterCurationStore curation)
    {
        var actor = Actor.FromCaller(http.Headers[ApiHeaders.Caller].ToString(), http.Headers[ApiHeaders.OnBehalfOf].ToString());
        CurationResult result;
        try
        {
            result = await curation.DeleteFeedbackAsync(id.Value, actor);
        }
        catch (ConcurrentChangeException)
        {
            http.HttpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed concurrently",
                detail: "Cluster membership kept changing at the same moment; try again.");
        }
        return result.Outcome switch
        {
            CurationOutcome.Done => TypedResults.NoContent(),
            CurationOutcome.NotFound => ApiProblems.NotFound($"There is no feedback with id '{id}'."),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Cluster is being fixed",
                detail: $"The report's cluster '{result.Subject}' is fixing: a fix job works on its reports, so none is deleted until the job ends (or is cancelled).",
                extensions: new Dictionary<string, object?> { ["cluster_id"] = result.Subject }),
        };
    }

    /// <summary>The store query the parameters ask for, or null when <paramref name="errors"/> says what is wrong.</summary>
    internal static FeedbackQuery? ParseQuery(string? source, string? unclustered, string? cursor, string? limit, FieldErrors errors)
    {
        var parsedSource = errors.Enum<FeedbackSource>("source", source);
        var parsedUnclustered = errors.Flag("unclustered", unclustered);
        var after = errors.Parse<PageCursor>("cursor", cursor, PageCursor.TryParse, PageCursor.NotGivenOut("cursor"));
        // Checked against the list only when the source that picks it was taken.
        if (after is not null && errors.IsEmpty && !after.Pages(FeedbackStore.ListOf(parsedSource)))
        {
            errors.Add("cursor", PageCursor.OfAnotherList("cursor"));
            after = null;
        }
        var parsedLimit = errors.Limit("limit", limit, DefaultLimit, PageCursor.MaxLimit);
        return errors.IsEmpty ? new FeedbackQuery(parsedSource, parsedUnclustered, after, parsedLimit) : null;
    }
}
