// GET /clusters/{id}/similar?limit=   the clusters nearest in meaning to one cluster, nearest first

using System.ComponentModel;
using FeedbackFix.Clustering.Similarity;
using FeedbackFix.Contracts;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.ServiceDefaults.OpenApi;
using FeedbackFix.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Clustering.Apis;

public static class SimilarClustersApi
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    public static IEndpointRouteBuilder MapSimilarClustersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/clusters/{id}/similar", GetSimilarAsync)
            .WithTags("Clusters")
            .WithSummary("The clusters nearest in meaning to one cluster, nearest first: candidates to merge it with")
            .WithDescription($"Each is the cluster's fields and similarity, the cosine between the two clusters' centroids (1 the same " +
                $"direction, 0 unrelated), of every status. limit: 1-{MaxLimit}, {DefaultLimit} unless given. Empty while the worker has " +
                "not placed the cluster yet; a merged-away id answers for the cluster that absorbed it. The other centroids may be " +
                $"up to {SimilarClusters.FreshFor.TotalSeconds:0} seconds old while reports keep arriving.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<SimilarCluster>>, ValidationProblem, ProblemHttpResult>> GetSimilarAsync(
        [Description(ParameterDescriptions.ClusterIdLeading)] RecordId id,
        SimilarClusters similar,
        [Description("How many clusters the answer holds: a whole number in the range the operation's description gives."), WholeNumber(1, Maximum = MaxLimit, Default = DefaultLimit)] string? limit = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var count = errors.Limit("limit", limit, DefaultLimit, MaxLimit);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return await similar.FindAsync(id.Value, count, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ApiProblems.NotFound($"There is no cluster '{id.Value}'.", title: "Cluster not found");
    }
}
