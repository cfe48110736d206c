using System.Diagnostics;
using FeedbackFix.Domain.Redis;

namespace FeedbackFix.AgentOrchestrator.Launching;

/// <summary>Traces of the orchestrator (source "FeedbackFix.AgentOrchestrator").</summary>
internal static class OrchestratorTelemetry
{
    public const string Name = "FeedbackFix.AgentOrchestrator";

    public static ActivitySource Source { get; } = new(Name);

    /// <summary>A span for launching one job, child of the start_fix request that queued it.</summary>
    public static Activity? StartLaunch(string? traceParent, string jobId)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity("launch job", ActivityKind.Consumer, parent);
        activity?.SetTag("feedbackfix.job_id", jobId);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", RedisKeys.JobsStream.ToString());
        return activity;
    }
}
