// POST /clustering/run   re-enqueue every unclustered item (the admin key in X-Admin-Key; through the gateway an Admin-scope API key alone does)

using System.Diagnostics;
using FeedbackFix.Clustering.Auth;
using FeedbackFix.Contracts.Clusters;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Clustering.Apis;

public static class ClusteringApi
{
    public static IEndpointRouteBuilder MapClusteringApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/clustering/run", RunClustering)
            .RequireAuthorization(AdminKeyAuthorization.Policy)
            .WithTags("Clustering")
            .WithSummary("Put every item still outside a cluster back on the clustering queue");
        return app;
    }

    /// <summary>The seed's "worker endpoint": puts every item still outside a cluster back on the queue.</summary>
    public static async Task<Accepted<ClusteringRun>> RunClustering(FeedbackStore feedback)
    {
        var enqueued = await feedback.RequeueUnclusteredAsync(Activity.Current?.Id);
        return TypedResults.Accepted((string?)null, new ClusteringRun(enqueued));
    }
}
