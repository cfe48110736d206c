using FeedbackFix.AgentOrchestrator.Launchers;
using FeedbackFix.Contracts.Jobs;
using FeedbackFix.Domain.Model;
using FeedbackFix.Domain.Redis;
using FeedbackFix.Domain.Stores;
using Microsoft.Extensions.Options;

namespace FeedbackFix.AgentOrchestrator.Reconciling;

/// <summary>
/// Keeps jobs and their agent tasks in step, so no job is left hanging in <c>running</c>: a task that
/// stopped without a final report fails its job with the stop reason; a job silent longer than
/// HeartbeatTimeout (once its task runs) fails with "agent stopped reporting", and so does a job the
/// caller runs itself (POST /jobs) that nobody reported on within that window; the task of every job
/// that was cancelled or failed is stopped, and tried again next pass until that works; a job waiting
/// for a launch whose queue entry is gone fails, so it does not wait for good. Every
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
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(ex);
            }
        }
    }

    public async Task ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        await ForEachAsync(JobStatus.Running, job => CheckAsync(job, cancellationToken), cancellationToken);
        // Jobs the caller runs itself (POST /jobs) are queued until their agent reports in; nobody
        // launches them, so without this a job nobody runs would keep its cluster fixing for good.
        // Jobs of the orchestrator's own that wait for a launch are gathered in the same reads, for the
        // check of their queue entries.
        var waiting = new List<AgentJob>();
        await ForEachAsync(JobStatus.Queued, job => job.Launcher == JobLauncherNames.Manual ? CheckUnclaimedAsync(job) : Gather(job), cancellationToken);
        await ForEachAsync(JobStatus.Launching, job => job.Launcher == JobLauncherNames.Manual ? Task.CompletedTask : Gather(job), cancellationToken);
        await FailUnqueuedAsync(waiting);

        Task Gather(AgentJob job)
        {
            waiting.Add(job);
            return Task.CompletedTask;
        }

        // After the checks, so a job one of them just failed has its task stopped in this pass.
        await StopEndedAsync(cancellationToken);
    }

    private async Task ForEachAsync(JobStatus status, Func<AgentJob, Task> check, CancellationToken cancellationToken)
    {
        PageCursor? after = null;
        do
        {
            var page = await jobs.ListAsync(status, after, PageSize);
            foreach (var job in page.Items)
            {
                try
                {
                    await check(job);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogCheckFailed(ex, job.Id);
                }
            }
            after = PageCursor.TryParse(page.NextCursor, out var next) ? next : null;
        }
        while (after is not null);
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
                // A job without a task yet: the launch that records one notes the job again, and a task
                // recorded since this pass read the job keeps it noted (StoppedAsync), for the next pass.
                await jobs.StoppedAsync(id, stopping[i]?.TaskRef);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
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
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
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
        if (IsSilent(current, out var silentFor))
        {
            await FailAsync(current, $"agent stopped reporting: no report for {Describe(silentFor)}");
        }
    }

    /// <summary>
    /// A queued job of the caller's own (launcher <c>manual</c>) that nobody reported on within the
    /// heartbeat window fails like a silent running job, which sends its cluster back to <c>new</c>.
    /// Queued jobs of the orchestrator's are the launch worker's (its retries and MaxDeliveries).
    /// </summary>
    private async Task CheckUnclaimedAsync(AgentJob job)
    {
        if (!IsSilent(job, out _))
        {
            return;
        }
        // Read again: a report since the page was read counts.
        if (await jobs.GetAsync(job.Id) is not { Status: JobStatus.Queued } current || !IsSilent(current, out var silentFor))
        {
            return;
        }
        await FailAsync(current,
            $"nobody reported on this job within {Describe(options.Value.HeartbeatTimeout)} (Orchestrator:HeartbeatTimeout; " +
            $"silent for {Describe(silentFor)}): the caller of POST /jobs runs its agent, which reports with PATCH /jobs/{current.Id}",
            onlyFrom: [JobStatus.Queued]);
    }

    /// <summary>
    /// A job of the orchestrator's own waiting to be launched whose <c>stream:jobs</c> entry is gone
    /// (the stream deleted, Redis restored from a snapshot without it) would wait for good: nothing
    /// delivers it again, and the entry held the token its agent would report with. It fails, naming
    /// why, which sends its cluster back to <c>new</c> for the fix to be started again. The jobs are
    /// read before the stream: a job created with its entry (one script) is never taken for one
    /// without, and one launched meanwhile is no longer queued or launching, which the failing checks.
    /// </summary>
    private async Task FailUnqueuedAsync(IReadOnlyList<AgentJob> waiting)
    {
        if (waiting.Count == 0)
        {
            return;
        }
        var queued = await jobs.QueuedForLaunchAsync();
        foreach (var job in waiting.Where(job => !queued.Contains(job.Id)))
        {
            await FailAsync(job,
                "the job's entry in the launch queue (stream:jobs) is gone, and with it the token its agent would report with: start the fix again",
                onlyFrom: [JobStatus.Queued, JobStatus.Launching]);
        }
    }

    private bool IsSilent(AgentJob job, out TimeSpan silentFor)
    {
        silentFor = time.GetUtcNow() - (job.HeartbeatAt ?? job.UpdatedAt);
        return silentFor > options.Value.HeartbeatTimeout;
    }

    private async Task FailAsync(AgentJob job, string reason, IReadOnlyCollection<JobStatus>? onlyFrom = null)
    {
        // Compare-and-set: a final report that arrived meanwhile wins. A failed job is noted for
        // stopping, so its task is stopped by StopEndedAsync.
        if (await jobs.FailAsync(job.Id, reason, onlyFrom))
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

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalMinutes: >= 1, Seconds: 0 } => $"{(int)span.TotalMinutes} min",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalSeconds} s",
    };

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
