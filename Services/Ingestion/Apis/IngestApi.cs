using System.Diagnostics;
using FeedbackFix.Contracts.Feedback;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using FeedbackFix.Ingestion.Ingest;
using FeedbackFix.Ingestion.Model;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Ingestion.Apis;

// POST /ingest/manual   one piece of feedback entered by hand or by a script; 201 new, 200 duplicate; Idempotency-Key
// POST /ingest/reddit   one Reddit post (201/200), or {"posts": [...]} of 1-100 posts (a result per post: 201 when any was new, 200 when all were duplicates)
public static class IngestApi
{
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var ingest = app.MapGroup("/ingest").WithTags("Ingest");
        ingest.MapPost("/manual", IngestManualAsync)
            .WithSummary("Store one piece of feedback: 201 new, 200 a duplicate of (source, external_id) with the existing id")
            .WithIdempotencyKey("ingest_manual");
        ingest.MapPost("/reddit", IngestRedditAsync)
            .WithSummary("Store one Reddit post (201/200), or {\"posts\": [...]} of 1-100 posts (a result per post)")
            .WithDescription("A batch answers 201 when at least one post was new, 200 when every post was a duplicate. " +
                "One bad post refuses the whole batch, naming it (posts[3].name); nothing is stored then.");
        return app;
    }

    public static async Task<Results<Created<IngestResult>, Ok<IngestResult>, ValidationProblem>> IngestManualAsync(
        ManualFeedbackRequest request, FeedbackStore store, TimeProvider time, IngestLog log)
    {
        var errors = new FieldErrors();
        if (ManualFeedbackMapper.Map(request, time.GetUtcNow(), errors) is not { } feedback)
        {
            return errors.ToProblem();
        }

        var result = await StoreAsync(feedback, store, log);
        return result.Duplicate ? TypedResults.Ok(result) : TypedResults.Created(FeedbackApi.Location(result.Id), result);
    }

    public static async Task<Results<Created<IngestResult>, Ok<IngestResult>, Created<RedditBatchResponse>, Ok<RedditBatchResponse>, ValidationProblem>> IngestRedditAsync(
        RedditIngestRequest request, FeedbackStore store, TimeProvider time, IngestLog log)
    {
        if (request.IsBatch && request.Posts.Count is 0 or > RedditPostMapper.MaxBatchSize)
        {
            return FieldErrors.Problem("posts", $"posts must hold 1 to {RedditPostMapper.MaxBatchSize} posts; it has {request.Posts.Count}.");
        }

        // Every post is checked before anything is written: one bad post rejects the batch.
        var errors = new FieldErrors();
        var now = time.GetUtcNow();
        var feedback = request.Posts
            .Select((post, i) => RedditPostMapper.Map(post, request.IsBatch ? $"posts[{i}]." : "", now, errors))
            .ToList();
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        if (!request.IsBatch)
        {
            var result = await StoreAsync(feedback[0]!, store, log);
            return result.Duplicate ? TypedResults.Ok(result) : TypedResults.Created(FeedbackApi.Location(result.Id), result);
        }

        var stored = await store.AddManyAsync([.. feedback.Select(f => f!)], Activity.Current?.Id);
        var results = stored.Select((r, i) => new RedditBatchResult(r.Id, feedback[i]!.ExternalId!, Duplicate: !r.Created)).ToList();
        var created = stored.Count(r => r.Created);
        log.RedditBatch(results.Count, created, results.Count - created);
        var response = new RedditBatchResponse(results, created, results.Count - created);
        return created > 0 ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    internal static async Task<IngestResult> StoreAsync(NewFeedback feedback, FeedbackStore store, IngestLog log)
    {
        var stored = await store.AddAsync(feedback, Activity.Current?.Id);
        if (stored.Created)
        {
            log.Stored(stored.Id, feedback.Source);
        }
        else
        {
            log.Duplicate(feedback.Source, feedback.ExternalId, stored.Id);
        }
        return new IngestResult(stored.Id, Duplicate: !stored.Created, Deleted: stored.Deleted ? true : null);
    }
}
