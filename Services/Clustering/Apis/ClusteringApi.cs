using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FeedbackFix.Clustering.Apis;

/// <summary>
/// POST /clustering/run   re-enqueue every unclustered item (admin key in X-Admin-Key)
/// </summary>
public static class ClusteringApi
{
    public const string AdminKeyHeader = "X-Admin-Key";

    public static IEndpointRouteBuilder MapClusteringApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/clustering/run", RunClustering);
        return app;
    }

    /// <summary>The seed's "worker endpoint": puts every item still outside a cluster back on the queue.</summary>
    public static async Task<Results<Accepted<ClusteringRun>, ProblemHttpResult>> RunClustering(
        [FromHeader(Name = AdminKeyHeader)] string? adminKey,
        FeedbackStore feedback,
        IOptions<ClusteringOptions> options)
    {
        if (!IsAdmin(options.Value.AdminKey, adminKey))
        {
            return TypedResults.Problem(
                statusCode: adminKey is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
                title: adminKey is null ? "Unauthorized" : "Forbidden",
                detail: $"This endpoint needs the admin key in the {AdminKeyHeader} header.");
        }

        var enqueued = await feedback.RequeueUnclusteredAsync(Activity.Current?.Id);
        return TypedResults.Accepted((string?)null, new ClusteringRun(enqueued));
    }

    private static bool IsAdmin(string expected, string? presented) =>
        !string.IsNullOrEmpty(presented) &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
