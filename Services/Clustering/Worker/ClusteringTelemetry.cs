using System.Diagnostics;
using System.Diagnostics.Metrics;
using FeedbackFix.Domain.Redis;
using StackExchange.Redis;

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
        activity?.SetTag("messaging.destination.name", RedisKeys.EmbeddedStream.ToString());
        return activity;
    }

    /// <summary>
    /// A span for one batch read from <paramref name="stream"/>: an embedder's (the parent of its
    /// embedding) or the writer's (the parent of its membership commit), and of the Redis commands
    /// they send. A batch of one continues the trace that ingested its item (the traceparent is
    /// carried from <c>stream:feedback</c> into <c>stream:embedded</c>), so a single report's trace
    /// shows all of it; a larger batch links every item's trace instead.
    /// </summary>
    public static Activity? StartBatch(string name, RedisKey stream, IReadOnlyList<string?> traceParents)
    {
        var parent = default(ActivityContext);
        List<ActivityLink>? links = null;
        if (traceParents.Count == 1)
        {
            ActivityContext.TryParse(traceParents[0], null, out parent);
        }
        else
        {
            foreach (var traceParent in traceParents)
            {
                if (ActivityContext.TryParse(traceParent, null, out var context))
                {
                    (links ??= []).Add(new ActivityLink(context));
                }
            }
        }
        var activity = Source.StartActivity(ActivityKind.Consumer, parent, links: links, name: name);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", stream.ToString());
        activity?.SetTag("messaging.batch.message_count", traceParents.Count);
        return activity;
    }

    /// <summary>A child of an embedder's batch span: embedding the items that have no stored vector.</summary>
    public static Activity? StartEmbedding(int items, string model)
    {
        var activity = Source.StartActivity("embed feedback");
        activity?.SetTag("feedbackfix.items", items);
        activity?.SetTag("feedbackfix.embedding_model", model);
        return activity;
    }

    /// <summary>A child of the writer's batch span: the fenced membership commit under the lease.</summary>
    public static Activity? StartCommit(int items, int clusters)
    {
        var activity = Source.StartActivity("commit membership");
        activity?.SetTag("feedbackfix.items", items);
        activity?.SetTag("feedbackfix.clusters", clusters);
        return activity;
    }

    public void Dispose() => _meter.Dispose();
}
