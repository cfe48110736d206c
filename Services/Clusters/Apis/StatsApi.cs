// GET /stats   feedback total, unclustered and by source; clusters and jobs by status

using FeedbackFix.Contracts.Stats;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedbackFix.Clusters.Apis;

public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", GetStats).WithTags("Stats")
            .WithSummary("Feedback in all, unclustered and by source; clusters and jobs by status");
        return app;
    }

    public static async Task<Ok<StatsResponse>> GetStats(FeedbackStore feedback, ClusterStore clusters, JobStore jobs)
    {
        // Three pipelined reads, in flight together.
        var feedbackCounts = feedback.CountAsync();
        var clusterCounts = clusters.CountByStatusAsync();
        var jobCounts = jobs.CountByStatusAsync();
        await Task.WhenAll(feedbackCounts, clusterCounts, jobCounts);

        var items = await feedbackCounts;
        var byCluster = (await clusterCounts).ToDictionary(c => c.Key.ToRedis(), c => c.Value);
        var byJob = (await jobCounts).ToDictionary(c => c.Key.ToRedis(), c => c.Value);
        return TypedResults.Ok(new StatsResponse(
            new FeedbackStats(items.Total, items.Unclustered, items.BySource.ToDictionary(s => s.Key.ToRedis(), s => s.Value)),
            new StatusCounts(byCluster.Values.Sum(), byCluster),
            new StatusCounts(byJob.Values.Sum(), byJob)));
    }
}
