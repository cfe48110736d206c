using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Reconciling;

/// <summary>
/// Keeps jobs and their agent tasks in step, so no job is left hanging in <c>running</c>: a task that
/// stopped without a final report fails its job with the stop reason; a job silent longer than
/// HeartbeatTimeout fails with "agent stopped reporting" and its task is stopped; a cancelled job's
/// task is stopped. Every change is compare-and-set, so replicas doing the same do no harm.
/// </summary>
public sealed partial class JobReconciler(
    JobStore jobs,
    AgentLaunchers launchers,
    IOptions<OrchestratorOptions> options,
    TimeProvider time,
    ILogger<JobReconciler> logger) : BackgroundService
{
    private const int PageSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReconcileOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
            }
        }
    }

    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await StopCancelledAsync(cancellationToken);

        PageCursor? after = null;
        do
        {
            var page = await jobs.ListAsync(JobStatus.Running, after, PageSize);
            foreach (var job in page.Items)
            {
                await CheckAsync(job, cancellationToken);
            }
            after = PageCursor.TryParse(page.NextCursor, out var next) ? next : null;
        }
        while (after is not null);
    }

    private async Task StopCancelledAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await jobs.GetStoppingAsync())
        {
            try
            {
                if (await jobs.GetAsync(id) is { TaskRef: { } taskRef } job && launchers.Find(job.Launcher) is { } launcher)
                {
                    await launcher.StopAsync(taskRef, "the job was cancelled", cancellationToken);
                    LogStoppedCancelled(id, taskRef);
                }
                await jobs.StoppedAsync(id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Kept in the set: the next pass tries again.
                LogStopFailed(ex, id);
            }
        }
    }

    private async Task CheckAsync(AgentJob job, CancellationToken cancellationToken)
    {
        var launcher = launchers.Find(job.Launcher);
        if (launcher is not null && job.TaskRef is { } taskRef)
        {
            var state = await launcher.DescribeAsync(taskRef, cancellationToken);
            if (state.Status == AgentTaskStatus.Stopped)
            {
                await FailAsync(job, $"the agent stopped without a final report: {state.StopReason ?? "no reason given"}");
                return;
            }
        }

        var silentFor = time.GetUtcNow() - (job.HeartbeatAt ?? job.UpdatedAt);
        if (silentFor > options.Value.HeartbeatTimeout)
        {
            if (await FailAsync(job, $"agent stopped reporting: no report for {Describe(silentFor)}")
                && launcher is not null && job.TaskRef is { } silentTask)
            {
                await launcher.StopAsync(silentTask, "agent stopped reporting", cancellationToken);
            }
        }
    }

    private async Task<bool> FailAsync(AgentJob job, string reason)
    {
        // Compare-and-set: a final report that arrived meanwhile wins.
        var result = await jobs.ChangeAsync(job.Id, new JobChanges(JobStatus.Failed, Logs: [$"orchestrator: {reason}"], Error: reason));
        if (result.Outcome != ChangeOutcome.Changed)
        {
            return false;
        }
        LogFailed(job.Id, reason);
        return true;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalSeconds} s";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped task {TaskRef} of cancelled job {JobId}")]
    private partial void LogStoppedCancelled(string jobId, string taskRef);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop the task of cancelled job {JobId}; trying again next pass")]
    private partial void LogStopFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reconcile pass failed")]
    private partial void LogPassFailed(Exception exception);
}
