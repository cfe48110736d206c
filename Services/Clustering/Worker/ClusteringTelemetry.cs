using System.Diagnostics;
using System.Diagnostics.Metrics;
using FeedbackFix.Domain.Redis;

namespace FeedbackFix.Clustering.Worker;

/// <summary>Traces and metrics of the clustering worker (source and meter "FeedbackFix.Clustering").</summary>
internal sealed class ClusteringTelemetry : IDisposable
{
    public const string Name = "FeedbackFix.Clustering";

    private readonly Meter _meter;

    public ClusteringTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Clustered = _meter.CreateCounter<long>("feedbackfix.clustering.items", description: "Items placed in a cluster");
        Opened = _meter.CreateCounter<long>("feedbackfix.clustering.clusters_opened", description: "Clusters opened");
        DeadLettered = _meter.CreateCounter<long>("feedbackfix.clustering.dead_lettered", description: "Entries given up on");
        Merged = _meter.CreateCounter<long>("feedbackfix.clustering.merges", description: "Clusters folded into another");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Clustered { get; }

    public Counter<long> Opened { get; }

    public Counter<long> DeadLettered { get; }

    public Counter<long> Merged { get; }

    /// <summary>A span for one item, child of the trace that ingested it (the stream entry's traceparent).</summary>
    public static Activity? StartItem(string name, string? traceParent, string feedbackId)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity(name, ActivityKind.Consumer, parent);
        activity?.SetTag("feedbackfix.feedback_id", feedbackId);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", RedisKeys.FeedbackStream.ToString());
        return activity;
    }

    public void Dispose() => _meter.Dispose();
}
