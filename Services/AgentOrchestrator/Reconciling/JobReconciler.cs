using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Reconciling;

/// <summary>
/// Keeps jobs and their agent tasks in step, so no job is left hanging in <c>running</c>: a task that
/// stopped without a final report fails its job with the stop reason; a job silent longer than
/// HeartbeatTimeout (once its task runs) fails with "agent stopped reporting"; the task of every job
/// that was cancelled or failed is stopped, and tried again next pass until that works. Every
/// change is compare-and-set, so replicas doing the same do no harm; one job's trouble (a launcher
/// that cannot be asked) never keeps the others from being checked.
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
        PageCursor? after = null;
        do
        {
            var page = await jobs.ListAsync(JobStatus.Running, after, PageSize);
            foreach (var job in page.Items)
            {
                try
                {
                    await CheckAsync(job, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(ex, job.Id);
                }
            }
            after = PageCursor.TryParse(page.NextCursor, out var next) ? next : null;
        }
        while (after is not null);

        // After the checks, so a job one of them just failed has its task stopped in this pass.
        await StopEndedAsync(cancellationToken);
    }

    private async Task StopEndedAsync(CancellationToken cancellationToken)
    {
        var ids = await jobs.GetStoppingAsync();
        var stopping = await jobs.GetManyAsync(ids);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            try
            {
                if (stopping[i] is { TaskRef: { } taskRef } job && launchers.Find(job.Launcher) is { } launcher)
                {
                    await launcher.StopAsync(taskRef, $"the job is {job.Status.ToRedis()}", cancellationToken);
                    LogStopped(id, taskRef, job.Status.ToRedis());
                }
                // A job without a task yet: the launch that records one notes the job again.
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
        AgentTaskState? state = null;
        if (launchers.Find(job.Launcher) is { } launcher && job.TaskRef is { } taskRef)
        {
            try
            {
                state = await launcher.DescribeAsync(taskRef, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not knowing the task's state is no reason to skip the heartbeat rule.
                LogDescribeFailed(ex, job.Id, taskRef);
            }
            if (state?.Status == AgentTaskStatus.Stopped)
            {
                await FailAsync(job, $"the agent stopped without a final report: {StopReason(state)}");
                return;
            }
        }

        // A task still being provisioned (an image pull) has not had the chance to report.
        if (state?.Status == AgentTaskStatus.Starting)
        {
            return;
        }

        // Read again: the description may have taken a while, and a report since then counts.
        if (await jobs.GetAsync(job.Id) is not { Status: JobStatus.Running } current)
        {
            return;
        }
        var silentFor = time.GetUtcNow() - (current.HeartbeatAt ?? current.UpdatedAt);
        if (silentFor > options.Value.HeartbeatTimeout)
        {
            await FailAsync(current, $"agent stopped reporting: no report for {Describe(silentFor)}");
        }
    }

    private async Task FailAsync(AgentJob job, string reason)
    {
        // Compare-and-set: a final report that arrived meanwhile wins. A failed job is noted for
        // stopping, so its task is stopped by StopEndedAsync.
        if (await jobs.FailAsync(job.Id, reason))
        {
            LogFailed(job.Id, reason);
        }
    }

    private static string StopReason(AgentTaskState state)
    {
        var reason = state.StopReason ?? "no reason given";
        return state.ExitCode is { } code && !reason.Contains($"code {code}", StringComparison.Ordinal)
            ? $"{reason} (exit code {code})"
            : reason;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalSeconds} s";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped task {TaskRef} of job {JobId}, which {JobStatus}")]
    private partial void LogStopped(string jobId, string taskRef, string jobStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop the task of job {JobId}; trying again next pass")]
    private partial void LogStopFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check job {JobId}; trying again next pass")]
    private partial void LogCheckFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for the state of task {TaskRef} of job {JobId}")]
    private partial void LogDescribeFailed(Exception exception, string jobId, string taskRef);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reconcile pass failed")]
    private partial void LogPassFailed(Exception exception);
}
