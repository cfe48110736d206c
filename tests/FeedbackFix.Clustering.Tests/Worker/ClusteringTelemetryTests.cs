using System.Diagnostics;
using FeedbackFix.Clustering.Worker;

namespace FeedbackFix.Clustering.Tests.Worker;

public sealed class ClusteringTelemetryTests
{
    [Fact]
    public void An_items_span_continues_the_trace_that_ingested_it()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClusteringTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var activity = ClusteringTelemetry.StartItem("cluster feedback", traceParent, "item-1");

        Assert.NotNull(activity);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", activity.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", activity.ParentSpanId.ToHexString());
        Assert.Equal("item-1", activity.GetTagItem("feedbackfix.feedback_id"));
    }
}
