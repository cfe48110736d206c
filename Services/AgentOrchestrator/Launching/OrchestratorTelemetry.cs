using System.Diagnostics;
using FeedbackFix.Domain.Redis;
using FeedbackFix.GitHub;

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

    /// <summary>
    /// Runs <paramref name="call"/> under the span <paramref name="start"/> opens, marking it failed when
    /// the call throws. The span is started here, inside this async method, so that ending it restores
    /// the caller's current span (one started by the caller would stay current there once ended).
    /// </summary>
    public static async Task<T> TracedAsync<T>(Func<Activity?> start, Func<Task<T>> call)
    {
        using (var activity = start())
        {
            try
            {
                return await call();
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }
        }
    }

    /// <summary>A child of the launch: one call to GitHub's REST API (each try of it, when retried).</summary>
    public static Activity? StartGitHubCall(string operation, GitHubRepository repository)
    {
        var activity = Source.StartActivity($"GitHub {operation}", ActivityKind.Client);
        activity?.SetTag("feedbackfix.github.repository", $"{repository.Owner}/{repository.Name}");
        return activity;
    }

    /// <summary>A child of the launch: asking the job's launcher (a process, or ECS RunTask) to start the agent.</summary>
    public static Activity? StartAgentLaunch(string launcher, int attempt)
    {
        var activity = Source.StartActivity("launch agent", ActivityKind.Client);
        activity?.SetTag("feedbackfix.launcher", launcher);
        activity?.SetTag("feedbackfix.attempt", attempt);
        return activity;
    }
}
