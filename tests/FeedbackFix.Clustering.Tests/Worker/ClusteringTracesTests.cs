using System.Collections.Concurrent;
using System.Diagnostics;
using FeedbackFix.Clustering.Worker;
using FeedbackFix.Domain.Stores;
using FeedbackFix.TestSupport;

namespace FeedbackFix.Clustering.Tests.Worker;

/// <summary>What the running embedder and membership writer trace, read with an ActivityListener on their source.</summary>
public sealed class ClusteringTracesTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_reports_trace_continues_from_ingest_through_the_embedder_and_the_writer_with_the_embedding_and_the_commit_as_children()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        // The report's own trace, as the ingesting request leaves it in the stream entry.
        var ingest = ActivityTraceId.CreateRandom();
        var traceParent = $"00-{ingest.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var spans = new ConcurrentQueue<Activity>();
        var batchEnded = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        var embedEnded = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClusteringTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId != ingest)
                {
                    return;
                }
                spans.Enqueue(activity);
                if (activity.OperationName == "cluster batch")
                {
                    batchEnded.TrySetResult(activity);
                }
                if (activity.OperationName == "embed batch")
                {
                    embedEnded.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var worker = new WorkerHost(redis.ConnectionString, "traced").Start();

        await new FeedbackStore(redis.Connection, TimeProvider.System).AddAsync(ClusteringState.Report("the export button crashes the app"), traceParent);
        var embed = await embedEnded.Task.WaitAsync(Within);
        var batch = await batchEnded.Task.WaitAsync(Within);

        Assert.Contains("embed feedback", spans.Where(span => span.ParentSpanId == embed.SpanId).Select(span => span.OperationName));
        Assert.Contains("commit membership", spans.Where(span => span.ParentSpanId == batch.SpanId).Select(span => span.OperationName));
        Assert.Equal(1, embed.GetTagItem("feedbackfix.embedded"));
        Assert.Equal(1, batch.GetTagItem("feedbackfix.clustered"));
    }
}
